"""Import pages: template download, upload and check, import-valid-rows choice, history."""

import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from campaigns.models import Campaign
from privacy import crypto

from ..exports import PENDING_IMPORT_DIR as PENDING_DIR
from ..forms import ImportForm, TicketImportForm
from ..imports.service import IMPORTERS, TEMPLATE_NAMES, run_import, template_workbook
from ..models import ImportRecord
from ..scope import require_import

SESSION_KEY = "ledger_pending_imports"
KIND_TITLES = dict(ImportRecord.Kind.choices)


def _kind(kind):
    if kind not in IMPORTERS:
        raise Http404("没有这种导入。")
    return kind


@login_required
def import_template(request, kind):
    require_import(request.user)
    wb = template_workbook(_kind(kind))
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_NAMES[kind])
    return response


def _form_class(kind):
    return TicketImportForm if kind == "tickets" else ImportForm


@login_required
def import_upload(request, kind):
    """GET: the form. POST: check the file; import it, or list the errors and offer the valid rows."""
    require_import(request.user)
    kind = _kind(kind)
    form_class = _form_class(kind)
    outcome = None
    pending = None
    if request.method == "POST" and request.POST.get("pending"):
        return _import_valid_rows(request, kind, request.POST["pending"])
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            options = {"campaign": form.cleaned_data["campaign"]} if kind == "tickets" else {}
            outcome = run_import(kind, upload, request.user, **options)
            if outcome.can_import_valid_rows:
                pending = _keep_for_later(request, kind, upload, options)
            elif outcome.record.outcome != ImportRecord.Outcome.REJECTED:
                messages.success(request, _summary(outcome.record))
                return redirect("ledger:import_detail", pk=outcome.record.pk)
    else:
        form = form_class()
    return render(
        request,
        "ledger/import_upload.html",
        {
            "form": form,
            "kind": kind,
            "Kind": ImportRecord.Kind,
            "kind_title": KIND_TITLES[kind],
            "outcome": outcome,
            "pending": pending,
        },
    )


def _summary(record):
    return f"导入完成：新增 {record.created} 条，更新 {record.updated} 条" + (
        f"，{record.rejected} 行有错误未导入。" if record.rejected else "。"
    )


def _keep_for_later(request, kind, upload, options):
    """Keep the checked file (private, random name) so "import only the valid rows" needs no re-upload."""
    token = uuid.uuid4().hex
    upload.seek(0)
    # Encrypted at rest like the tickets' columns (the workbook holds workers' phones and ID numbers),
    # in the shared storage (folder or bucket): the next request may reach another server.
    default_storage.save(_pending_name(token), ContentFile(crypto.encrypt_bytes(upload.read()), name=f"{token}.xlsx"))
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {
        "kind": kind,
        "name": upload.name,
        "campaign_id": options["campaign"].pk if "campaign" in options else None,
    }
    request.session[SESSION_KEY] = pending
    return token


def _pending_name(token):
    return f"{PENDING_DIR}/{token}.xlsx"


def _import_valid_rows(request, kind, token):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    name = _pending_name(token) if token.isalnum() else None
    if entry is None or entry["kind"] != kind or name is None or not default_storage.exists(name):
        messages.error(request, "上传的文件已失效，请重新上传。")
        return redirect("ledger:import_upload", kind=kind)
    request.session[SESSION_KEY] = pending
    options = {}
    if kind == "tickets":
        options["campaign"] = get_object_or_404(Campaign, pk=entry["campaign_id"])
    try:
        with default_storage.open(name, "rb") as stored:
            content = crypto.decrypt_bytes(stored.read())
    except crypto.DecryptionError:
        content = None
    default_storage.delete(name)
    if content is None:
        messages.error(request, "上传的文件已失效，请重新上传。")
        return redirect("ledger:import_upload", kind=kind)
    upload = SimpleUploadedFile(entry["name"], content)
    outcome = run_import(kind, upload, request.user, only_valid=True, **options)
    if outcome.record.outcome == ImportRecord.Outcome.REJECTED:
        messages.error(request, "导入失败，未写入任何数据。")
    else:
        messages.success(request, _summary(outcome.record))
    return redirect("ledger:import_detail", pk=outcome.record.pk)


@login_required
def import_history(request):
    require_import(request.user)
    records = ImportRecord.objects.select_related("user")[:100]
    return render(request, "ledger/import_history.html", {"records": records})


@login_required
def import_detail(request, pk):
    require_import(request.user)
    record = get_object_or_404(ImportRecord.objects.select_related("user"), pk=pk)
    return render(request, "ledger/import_detail.html", {"record": record})
