"""Filters of the visit list and the work plan list (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

from campaigns.models import Assignment, UnionUnit, WorkTeam
from dundian.bounds import BoundedFilterSet

from .models import PlannedVisit, Visit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _teams(request):
    return WorkTeam.objects.visible_to(request.user).select_related("campaign") if request else WorkTeam.objects.none()


def _units(request):
    if request is None:
        return UnionUnit.objects.none()
    return UnionUnit.objects.filter(pk__in=Assignment.objects.visible_to(request.user).values("unit_id"))


class VisitFilter(BoundedFilterSet):
    q = django_filters.CharFilter(
        method="search", label="搜索", widget=forms.TextInput(attrs={"placeholder": "工作内容、地点或企业名称"})
    )
    team = django_filters.ModelChoiceFilter(queryset=_teams, label="小组", empty_label="全部小组")
    unit = django_filters.ModelChoiceFilter(queryset=_units, label="蹲点单位", empty_label="全部单位")
    kind = django_filters.ChoiceFilter(choices=Visit.Kind.choices, label="形式", empty_label="全部形式")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="起始日期", widget=DATE_WIDGET)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="截止日期", widget=DATE_WIDGET)

    class Meta:
        model = Visit
        fields = ["q", "team", "unit", "kind", "date_from", "date_to"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # A subquery, not a join: a visit with two matching enterprises stays one row.
        by_enterprise = Visit.enterprises.through.objects.filter(enterprise__name__icontains=value).values("visit_id")
        return queryset.filter(
            Q(summary__icontains=value)
            | Q(place__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(pk__in=by_enterprise)
        )


class PlanFilter(BoundedFilterSet):
    STATUS_CHOICES = [("open", "待走访"), ("done", "已完成"), ("cancelled", "已取消")]

    team = django_filters.ModelChoiceFilter(queryset=_teams, label="小组", empty_label="全部小组")
    unit = django_filters.ModelChoiceFilter(queryset=_units, label="蹲点单位", empty_label="全部单位")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="by_status", label="状态", empty_label="全部状态"
    )
    # The same names as the visit list's, so a period carries over from one list (or the dashboard) to the other.
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="起始日期", widget=DATE_WIDGET)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="截止日期", widget=DATE_WIDGET)

    class Meta:
        model = PlannedVisit
        fields = ["team", "unit", "status", "date_from", "date_to"]

    def by_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(visit__isnull=True, is_cancelled=False)
        if value == "done":
            return queryset.filter(visit__isnull=False)
        if value == "cancelled":
            return queryset.filter(is_cancelled=True)
        return queryset
