"""The ledger page: choose filters and sheets, download or follow a background export."""

import os
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.roles import is_office_staff
from ops.files import serve_private_file

from ..exports import download_name, fail_stale_jobs, needs_background, restart_export, start_export, write_ledger
from ..forms import ExportForm
from ..models import ExportJob, ImportRecord
from ..scope import can_import, require_export, resolve

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request):
    require_export(request.user)
    user = request.user
    if request.method == "POST":
        form = ExportForm(request.POST, user=user)
        if form.is_valid():
            filters = form.filters()
            scope = resolve(user, filters)
            background, rows = needs_background(scope)
            if background:
                job = start_export(user, filters, scope, rows)
                messages.info(request, f"数据较多（约 {rows} 行），已转为后台生成，完成后会通知您。")
                return redirect("ledger:job_detail", pk=job.pk)
            return _download_now(scope)
    else:
        form = ExportForm(user=user, campaign=request.GET.get("campaign"))
    jobs = ExportJob.objects.filter(requester=user)[:10]
    fail_stale_jobs(jobs=ExportJob.objects.filter(requester=user))
    return render(
        request,
        "ledger/index.html",
        {
            "form": form,
            "jobs": jobs,
            "can_import": can_import(user),
            "recent_imports": ImportRecord.objects.select_related("user")[:5] if can_import(user) else [],
        },
    )


def _download_now(scope):
    """Small ledgers: written to a temporary file, streamed, and the file removed."""
    directory = tempfile.mkdtemp(prefix="ledger-")
    path = os.path.join(directory, "ledger.xlsx")
    write_ledger(scope, path)
    handle = open(path, "rb")  # noqa: SIM115 -- FileResponse closes it
    # The open handle keeps the data readable; the name is gone at once.
    os.remove(path)
    os.rmdir(directory)
    return FileResponse(handle, as_attachment=True, filename=download_name(scope), content_type=XLSX)


def _job_for(request, pk):
    """The requester's own job (office staff: any); anyone else gets 404."""
    return get_object_or_404(ExportJob.objects.visible_to(request.user).select_related("requester"), pk=pk)


@login_required
def job_detail(request, pk):
    job = _job_for(request, pk)
    if not job.is_finished and fail_stale_jobs(jobs=ExportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    template = "ledger/_job_status.html" if request.htmx else "ledger/job_detail.html"
    return render(request, template, {"job": job, "can_restart": _can_restart(request.user, job)})


def _can_restart(user, job):
    return job.status == ExportJob.Status.FAILED and (job.requester_id == user.pk or is_office_staff(user))


@login_required
def job_download(request, pk):
    job = _job_for(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("文件尚未生成。")
    return serve_private_file(
        job.file,
        content_type=XLSX,
        filename=job.filename,
        as_attachment=True,
        missing_message="文件已过期被清理，请重新导出。",
    )


@login_required
@require_POST
def job_retry(request, pk):
    job = _job_for(request, pk)
    if not _can_restart(request.user, job):
        messages.error(request, "只有失败的导出可以重新开始。")
        return redirect("ledger:job_detail", pk=job.pk)
    require_export(job.requester)
    restart_export(job)
    messages.info(request, "已重新开始导出。")
    return redirect("ledger:job_detail", pk=job.pk)
