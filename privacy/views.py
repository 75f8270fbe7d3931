"""The access log of unmasked personal data, for office staff (outside the admin)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import AccessFilterForm
from .models import PersonalDataAccess, can_read_access_log

PAGE_SIZE = 50


@login_required
@require_GET
def access_log(request):
    if not can_read_access_log(request.user):
        raise PermissionDenied("只有工作人员可以查看个人信息访问记录。")
    entries = PersonalDataAccess.objects.visible_to(request.user)
    form = AccessFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            entries = entries.filter(Q(actor__icontains=q) | Q(tickets__icontains=q))
        if data["start"]:
            entries = entries.filter(accessed_at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(accessed_at__date__lte=data["end"])
    page = Paginator(entries.select_related("user"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/access_log.html",
        {"form": form, "page": page, "retention_days": settings.PERSONAL_DATA_ACCESS_LOG_DAYS},
    )
