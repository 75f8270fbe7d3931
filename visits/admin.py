from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import PlannedVisit, Recruitment, Visit, VisitPhoto
from .photos import process_photo
from .services import KEY_FIELDS
from .signals import visit_written


class VisitPhotoAdminForm(forms.ModelForm):
    """Photos uploaded in the admin are checked and cleaned like those of the visit form."""

    class Meta:
        model = VisitPhoto
        fields = ["image", "caption"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is not None and hasattr(image, "content_type"):  # a new upload, not the stored file
            return process_photo(image).content
        return image


@admin.display(description="预览")
def photo_preview(obj):
    # Through the permission-checked view: photos have no public URL.
    if not obj.pk:
        return "—"
    return format_html('<img src="{}" alt="" style="max-height: 80px">', reverse("visits:photo", args=[obj.pk]))


class PhotoInline(admin.TabularInline):
    model = VisitPhoto
    form = VisitPhotoAdminForm
    extra = 0
    fields = [photo_preview, "image", "caption", "width", "height", "uploaded_by", "uploaded_at"]
    readonly_fields = [photo_preview, "width", "height", "uploaded_by", "uploaded_at"]


@admin.register(VisitPhoto)
class VisitPhotoAdmin(admin.ModelAdmin):
    form = VisitPhotoAdminForm
    list_display = [photo_preview, "visit", "caption", "uploaded_by", "uploaded_at"]
    search_fields = ["caption", "visit__unit__name", "visit__summary"]
    list_select_related = ["visit__unit", "uploaded_by"]
    readonly_fields = [photo_preview, "width", "height", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["visit"]
    fields = ["visit", photo_preview, "image", "caption", "width", "height", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class RecruitmentInline(admin.TabularInline):
    model = Recruitment
    extra = 0


def _stored_key(pk):
    return None if pk is None else Visit.objects.filter(pk=pk).values_list(*KEY_FIELDS).first()


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "team", "unit", "kind", "workers_reached", "created_by"]
    list_filter = ["campaign", "team", "kind", "unit"]
    search_fields = ["summary", "place", "unit__name", "enterprises__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit", "enterprises", "cadres"]
    inlines = [RecruitmentInline, PhotoInline]
    list_select_related = ["team", "unit", "created_by"]

    def save_formset(self, request, form, formset, change):
        for photo_form in formset.forms:
            if isinstance(photo_form.instance, VisitPhoto) and not photo_form.instance.uploaded_by_id:
                photo_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)

    # A fix made here is a write like any other: the daily summaries follow (visits.signals).
    def save_model(self, request, obj, form, change):
        obj._stored_key = _stored_key(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        visit_written.send(sender=Visit, visit=form.instance, before=getattr(form.instance, "_stored_key", None))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        visit_written.send(sender=Visit, visit=obj, before=None)

    def delete_queryset(self, request, queryset):
        visits = list(queryset)
        super().delete_queryset(request, queryset)
        for visit in visits:
            visit_written.send(sender=Visit, visit=visit, before=None)


@admin.register(PlannedVisit)
class PlannedVisitAdmin(admin.ModelAdmin):
    list_display = ["date", "team", "unit", "purpose", "is_cancelled", "visit"]
    list_filter = ["campaign", "team", "is_cancelled"]
    search_fields = ["purpose", "unit__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit", "enterprises", "visit"]
    list_select_related = ["team", "unit", "visit"]


@admin.register(Recruitment)
class RecruitmentAdmin(admin.ModelAdmin):
    list_display = ["visit", "group", "count"]
    list_filter = ["group"]
    search_fields = ["visit__unit__name", "group__name"]

    def save_model(self, request, obj, form, change):
        before = _stored_key(form.initial.get("visit")) if change else None
        super().save_model(request, obj, form, change)
        visit_written.send(sender=Visit, visit=obj.visit, before=before)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        visit_written.send(sender=Visit, visit=obj.visit, before=None)

    def delete_queryset(self, request, queryset):
        visits = {r.visit for r in queryset.select_related("visit")}
        super().delete_queryset(request, queryset)
        for visit in visits:
            visit_written.send(sender=Visit, visit=visit, before=None)
