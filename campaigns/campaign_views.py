"""Campaign pages for office staff: the list of campaigns and 「以此为模板新建活动」."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from campaigns import copying, roles
from campaigns.campaign_forms import CopyForm
from campaigns.models import Campaign


@login_required
def campaign_list(request):
    if not (roles.can_manage_master_data(request.user) or roles.is_leadership(request.user)):
        raise PermissionDenied("只有工作人员和领导可以查看历次活动。")
    campaigns = Campaign.objects.annotate(team_count=Count("teams", distinct=True)).order_by("-start_date")
    current = Campaign.objects.current()
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": campaigns, "current": current, "can_copy": roles.can_manage_master_data(request.user)},
    )


@login_required
def campaign_copy(request, pk):
    """An editable preview of the copy; saving writes it through ``campaigns.copying`` or nothing at all."""
    if not roles.can_manage_master_data(request.user):
        raise PermissionDenied("只有工作人员可以新建蹲点活动。")
    source = get_object_or_404(Campaign, pk=pk)
    plans = copying.template_of(source)
    form = CopyForm(request.POST or None, plans=plans, header=copying.suggested_header(source))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                campaign = copying.copy_campaign(form.header(), form.plans())
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(None if name == "__all__" else name, problem)
            else:
                messages.success(request, f"已新建“{campaign.name}”：{len(plans)}个小组，成员和分工已复制。")
                return redirect("campaigns:campaigns")
    return render(request, "campaigns/campaign_copy.html", {"form": form, "source": source}, status=status)
