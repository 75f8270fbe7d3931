"""Malformed dates and choices, hostile files, and the database refusing a write mid-form."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from PIL import Image

from campaigns.models import Enterprise, EnterpriseStatusChange
from issues.models import IssueAction, WorkerIssue
from tests.factories import EnterpriseFactory
from tests.security.conftest import jpeg_bytes
from visits.models import Recruitment, Visit, VisitPhoto


def visit_post(world, **overrides):
    data = {
        "unit": str(world.unit_a.pk),
        "date": "2026-08-04",
        "kind": "care",
        "cadres": [str(world.cadre_a.pk)],
        "workers_reached": "30",
        "summary": "慰问快递小哥",
        "recruit-TOTAL_FORMS": "1",
        "recruit-INITIAL_FORMS": "0",
        "recruit-MIN_NUM_FORMS": "0",
        "recruit-MAX_NUM_FORMS": "8",
        "recruit-0-group": "",
        "recruit-0-count": "",
    }
    data.update(overrides)
    return data


def issue_post(world, **overrides):
    data = {
        "team": str(world.team_a.pk),
        "unit": str(world.unit_a.pk),
        "source": "field",
        "category": "wages",
        "urgency": "ordinary",
        "title": "拖欠工资",
        "description": "职工反映企业拖欠两个月工资",
        "worker_name": "张三",
        "worker_phone": "13812345678",
    }
    data.update(overrides)
    return data


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


def assert_chinese_error(errors: list, typed: str):
    """There is a message, and apart from echoing what was typed it has no English in it."""
    text = " ".join(errors).replace(typed, "")
    assert text, "no error message next to the field"
    assert not any(c.isascii() and c.isalpha() for c in text), f"English in the message: {text}"


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---- malformed dates and choices ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("date", "2026-02-30"), ("date", "明天"), ("date", "9" * 400), ("kind", "drop table"), ("unit", "abc")],
)
def test_malformed_visit_values_give_a_chinese_field_error(client, world, field, value):
    client.force_login(world.cadre_a)

    response = client.post(reverse("visits:create"), visit_post(world, **{field: value}))

    assert response.status_code == 200
    assert_chinese_error(_errors(response, field), value)
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_at", "2026-13-01T25:61"),
        ("received_at", "yesterday"),
        ("source", "hacker"),
        ("category", "' OR 1=1 --"),
        ("urgency", "x" * 10_000),
        ("team", "99999999999999999999"),
    ],
)
def test_malformed_issue_values_give_a_chinese_field_error(client, world, field, value):
    client.force_login(world.cadre_a)

    response = client.post(reverse("issues:create"), issue_post(world, **{field: value}))

    assert response.status_code == 200
    assert_chinese_error(_errors(response, field), value)
    assert not WorkerIssue.objects.exists()


@pytest.mark.parametrize("value", ["2026-02-30", "not-a-date", "0000-00-00", "2026-08-01' OR '1'='1"])
def test_malformed_dates_in_list_filters_give_a_page_not_an_error(client, world, value):
    client.force_login(world.leadership)
    for url, field in [
        ("visits:list", "date_from"),
        ("visits:list", "start"),
        ("issues:list", "start"),
        ("issues:list", "end"),
        ("dashboard:index", "date_from"),
        ("dashboard:index", "date_to"),
    ]:
        assert client.get(reverse(url), {field: value}).status_code == 200, (url, field)


# ---- hostile files -----------------------------------------------------------------------------


def _bmp_of_about(megabytes: int) -> bytes:
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    out = io.BytesIO()
    Image.new("RGB", (side, side), "white").save(out, format="BMP")
    return out.getvalue()


def _decompression_bomb() -> bytes:
    """A PNG of a few hundred kB that would need 196 million pixels once opened."""
    out = io.BytesIO()
    Image.new("1", (14_000, 14_000)).save(out, format="PNG")
    return out.getvalue()


HOSTILE_FILES = {
    "php": (b"<?php system($_GET['c']); ?>", "shell.php.jpg", "不是有效的图片文件"),
    "svg": (
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(document.cookie)'><script>alert(1)</script></svg>",
        "logo.jpg",
        "不是有效的图片文件",
    ),
    "html": (b"<html><script>alert(1)</script></html>", "page.jpg", "不是有效的图片文件"),
    "50mb": (None, "huge.bmp", "超过了"),
    "bomb": (None, "bomb.png", "像素尺寸过大"),
}


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_hostile_photo_is_refused_with_a_chinese_message_and_nothing_is_saved(client, world, kind):
    content, name, message = HOSTILE_FILES[kind]
    if kind == "50mb":
        content = _bmp_of_about(50)
        assert len(content) >= 50 * 1024 * 1024
    elif kind == "bomb":
        content = _decompression_bomb()
        assert len(content) < settings.PHOTO_MAX_BYTES
    client.force_login(world.cadre_a)
    data = visit_post(world, summary="带了坏文件")
    data["photos"] = [SimpleUploadedFile(name, content, content_type="image/jpeg")]

    response = client.post(reverse("visits:create"), data)

    assert response.status_code == 200
    assert message in " ".join(_errors(response, "photos"))
    assert "带了坏文件" in response.content.decode()  # what was typed is kept
    assert not Visit.objects.exists()
    assert not VisitPhoto.objects.exists()
    assert _media_files() == []


def test_a_real_photo_is_stored_re_encoded_under_a_random_private_name(client, world):
    client.force_login(world.cadre_a)
    data = visit_post(world)
    data["photos"] = [SimpleUploadedFile("我的照片 <b>.png", _png_bytes(), content_type="image/png")]

    response = client.post(reverse("visits:create"), data)

    assert response.status_code == 302
    photo = VisitPhoto.objects.get()
    assert photo.image.name.startswith("private/visit-photos/")
    assert "<b>" not in photo.image.name and photo.image.name.endswith(".jpg")
    with photo.image.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"


def _png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(out, format="PNG")
    return out.getvalue()


# ---- photos are served to those who may see the visit only -------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("cadre_a", 200), ("leader_a", 200), ("leadership", 200), ("office_staff", 200), ("admin", 200)]
    + [("cadre_b", 404), ("leader_b", 404), ("loner", 404)],
)
def test_a_photo_is_served_only_to_those_who_may_see_its_visit(client, world, records, who, status):
    client.force_login(getattr(world, who))

    response = client.get(reverse("visits:photo", args=[records.photo.pk]))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].startswith("private")
        assert b"".join(response.streaming_content) == records.photo.image.open("rb").read()


def test_a_photo_asks_an_anonymous_visitor_to_sign_in(client, records):
    response = client.get(reverse("visits:photo", args=[records.photo.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ---- the database refusing a write mid-form ----------------------------------------------------


@pytest.fixture
def refuse(monkeypatch):
    """refuse(Model): that model's save() raises DatabaseError, as a full disk or lost connection would."""

    def install(model):
        def failing_save(self, *args, **kwargs):
            raise DatabaseError("could not extend file: No space left on device")

        monkeypatch.setattr(model, "save", failing_save)

    return install


def _assert_clear_error_page(response):
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器出错了" in body
    assert "填写的内容没有保存" in body


def test_atomic_requests_are_on(settings):
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


def test_a_refused_photo_row_keeps_no_visit_no_recruitment_and_no_file(client, world, refuse):
    from campaigns.models import WorkerGroup

    refuse(VisitPhoto)
    client.force_login(world.cadre_a)
    client.raise_request_exception = False
    data = visit_post(world, **{"recruit-0-group": str(WorkerGroup.objects.first().pk), "recruit-0-count": "3"})
    data["photos"] = [SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")]

    response = client.post(reverse("visits:create"), data)

    _assert_clear_error_page(response)
    assert not Visit.objects.exists()
    assert not Recruitment.objects.exists()
    assert _media_files() == []


def test_a_refused_recruitment_row_keeps_no_visit(client, world, refuse):
    from campaigns.models import WorkerGroup

    refuse(Recruitment)
    client.force_login(world.cadre_a)
    client.raise_request_exception = False
    data = visit_post(world, **{"recruit-0-group": str(WorkerGroup.objects.first().pk), "recruit-0-count": "3"})

    response = client.post(reverse("visits:create"), data)

    _assert_clear_error_page(response)
    assert not Visit.objects.exists()


def test_a_refused_timeline_row_keeps_no_ticket(client, world, refuse):
    refuse(IssueAction)
    client.force_login(world.cadre_a)
    client.raise_request_exception = False

    response = client.post(reverse("issues:create"), issue_post(world))

    _assert_clear_error_page(response)
    assert not WorkerIssue.objects.exists()


def test_a_refused_status_change_row_keeps_the_enterprise_status(client, world, refuse):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    before = enterprise.union_status
    refuse(EnterpriseStatusChange)
    client.force_login(world.office_staff)
    client.raise_request_exception = False

    response = client.post(
        reverse("campaigns:enterprise_status", args=[enterprise.pk]),
        {"to_status": "contacted", "changed_on": "2026-08-04", "note": "对接"},
    )

    _assert_clear_error_page(response)
    assert Enterprise.objects.get(pk=enterprise.pk).union_status == before
