"""A checked hotline workbook kept for "import only the valid rows" is encrypted on disk."""

from pathlib import Path

from django.test import override_settings
from django.urls import reverse

from issues.models import WorkerIssue
from ledger.exports import PENDING_IMPORT_DIR
from tests.ledger.test_imports import TICKET_HEADERS, ticket, upload, xlsx

from .conftest import ID_NUMBER

OTHER_KEY = "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="


def test_pending_workbook_is_encrypted_and_imports(client, world, settings):
    rows = [ticket(身份证号=ID_NUMBER), ticket(number="2026080300002", 所属单位="火星镇")]
    response = upload(client, world.office_staff, "tickets", xlsx(rows, TICKET_HEADERS), campaign=world.campaign.pk)
    token = response.context["pending"]
    kept = Path(settings.MEDIA_ROOT) / PENDING_IMPORT_DIR / f"{token}.xlsx"
    content = kept.read_bytes()
    assert not content.startswith(b"PK")  # not a readable zip (xlsx) any more
    assert b"13912345678" not in content
    client.post(reverse("ledger:import_upload", args=["tickets"]), {"pending": token})
    assert WorkerIssue.objects.get().worker_id_number == ID_NUMBER


def test_pending_workbook_under_a_dropped_key_asks_for_a_new_upload(client, world, settings):
    rows = [ticket(), ticket(number="2026080300002", 所属单位="火星镇")]
    response = upload(client, world.office_staff, "tickets", xlsx(rows, TICKET_HEADERS), campaign=world.campaign.pk)
    token = response.context["pending"]
    with override_settings(FIELD_ENCRYPTION_KEYS=[OTHER_KEY]):
        response = client.post(reverse("ledger:import_upload", args=["tickets"]), {"pending": token}, follow=True)
    assert "上传的文件已失效，请重新上传。" in response.content.decode()
    assert not WorkerIssue.objects.exists()
