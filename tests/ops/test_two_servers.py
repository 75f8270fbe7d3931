"""Two web servers behind one load balancer share everything through PostgreSQL, Redis and the bucket.

Server A and server B are separate gunicorn instances with separate (empty)
MEDIA_ROOTs; the worker consumes only the exports queue. Needs PostgreSQL,
Redis and moto's S3 server: skipped when missing, failing in CI
(DUNDIAN_REQUIRE_CLUSTER=1, see .ci/run).
"""

import io
import json
import re
import time

import openpyxl
import pytest
from PIL import Image

from tests.ops.browse import form_fields, sign_in

pytestmark = pytest.mark.cluster


def _jpeg(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def uploaded_photo(cluster) -> dict:
    """cadre1 adds a photo to one of own visits through server A (once per session)."""
    if "photo" in cluster.state:
        return cluster.state["photo"]
    a = sign_in(cluster.url("A"), "cadre1")
    visit_ids = sorted({int(n) for n in re.findall(r'href="/visits/(\d+)/"', a.get(cluster.url("A", "/visits/")).text)})
    for visit_id in visit_ids:
        edit = a.get(cluster.url("A", f"/visits/{visit_id}/edit/"))
        if edit.status_code == 200:
            break
    else:
        raise AssertionError("cadre1 may edit none of the listed visits")
    before = set(re.findall(r"/visits/photos/(\d+)/", edit.text))
    fields = form_fields(edit.text, lambda attrs: attrs.get("id") == "visit-form")
    response = a.post(
        cluster.url("A", f"/visits/{visit_id}/edit/"),
        data=fields,
        files=[("photos", ("site.jpg", _jpeg(), "image/jpeg"))],
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302, response.text[-2000:]
    detail = a.get(cluster.url("A", f"/visits/{visit_id}/")).text
    (photo_id,) = set(re.findall(r"/visits/photos/(\d+)/", detail)) - before
    cluster.state["photo"] = {"visit": visit_id, "url": f"/visits/photos/{photo_id}/", "session": a}
    return cluster.state["photo"]


def exported_file(cluster) -> dict:
    """Office staff start a background export on server B; the worker builds it (once per session)."""
    if "export" in cluster.state:
        return cluster.state["export"]
    b = sign_in(cluster.url("B"), "staff")
    page = b.get(cluster.url("B", "/ledger/")).text
    fields = form_fields(page, lambda attrs: attrs.get("id") == "export-form")
    response = b.post(cluster.url("B", "/ledger/"), data=fields, allow_redirects=False, timeout=60)
    assert response.status_code == 302, response.text[-2000:]
    job_url = response.headers["Location"]
    assert re.fullmatch(r"/ledger/exports/\d+/", job_url), job_url
    cluster.state["export"] = {
        "job": job_url,
        "download": f"{job_url}download/",
        "session": b,
        "request_id": response.headers["X-Request-ID"],
    }
    return cluster.state["export"]


def _wait_for_download(session, url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = session.get(url, timeout=60)
        if response.status_code == 200:
            return response
        time.sleep(1)
    raise AssertionError(f"{url} not ready after {seconds}s")


def test_a_photo_uploaded_through_a_is_shown_through_b(cluster):
    photo = uploaded_photo(cluster)
    b = sign_in(cluster.url("B"), "cadre1")

    page = b.get(cluster.url("B", f"/visits/{photo['visit']}/")).text
    shown = b.get(cluster.url("B", photo["url"]), timeout=30)

    assert photo["url"] in page
    assert shown.status_code == 200
    assert shown.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(shown.content)).size == (640, 480)
    assert shown.content == photo["session"].get(cluster.url("A", photo["url"]), timeout=30).content


def test_uploaded_files_are_in_the_bucket_not_on_a_server_disk(cluster):
    uploaded_photo(cluster)

    keys = [o["Key"] for o in cluster.s3().list_objects_v2(Bucket=cluster.bucket).get("Contents", [])]
    local = [p for p in cluster.tmp.glob("media-*/**/*") if p.is_file()]

    assert any(k.startswith("private/visit-photos/") for k in keys)
    assert local == []


def test_an_export_started_on_b_is_built_by_the_worker_and_downloaded_through_a(cluster):
    export = exported_file(cluster)
    a = sign_in(cluster.url("A"), "staff")

    download = _wait_for_download(a, cluster.url("A", export["download"]))

    assert "attachment" in download.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(download.content), read_only=True)
    assert "走访台账" in workbook.sheetnames
    assert "ledger.run_export" in cluster.log("worker")


def test_the_worker_logs_the_export_under_the_request_id_that_started_it(cluster):
    export = exported_file(cluster)
    _wait_for_download(export["session"], cluster.url("B", export["download"]))

    lines = [json.loads(line) for line in cluster.log("worker").splitlines() if line.startswith("{")]
    started = [line for line in lines if line["message"].startswith("ledger export")]

    assert started
    assert {line["request_id"] for line in started} == {export["request_id"]}


@pytest.mark.parametrize("server", ["A", "B"])
def test_a_user_of_another_team_gets_404_for_the_photo(cluster, server):
    photo = uploaded_photo(cluster)
    other = sign_in(cluster.url(server), "cadre2")

    assert other.get(cluster.url(server, photo["url"]), timeout=30).status_code == 404


@pytest.mark.parametrize("server", ["A", "B"])
def test_a_user_of_another_team_gets_404_for_the_export(cluster, server):
    export = exported_file(cluster)
    _wait_for_download(export["session"], cluster.url("B", export["download"]))
    other = sign_in(cluster.url(server), "team2")

    assert other.get(cluster.url(server, export["download"]), timeout=30).status_code == 404


def test_healthz_reports_each_part_on_both_servers(cluster):
    for server in ("A", "B"):
        body = sign_in(cluster.url(server), "cadre1").get(cluster.url(server, "/healthz"), timeout=30).json()

        calendar = body.pop("calendar")  # "ok", or "missing YYYY" from 1 November (a chore, not a fault)
        assert calendar == "ok" or calendar.startswith("missing ")
        assert body == {"status": "ok", "database": "ok", "replica": "none", "broker": "ok", "storage": "ok"}


def test_metrics_need_the_token_and_count_requests_by_view(cluster):
    import requests

    url = cluster.url("A", "/metrics")
    anonymous = requests.get(url, timeout=30)
    scraped = requests.get(url, headers={"Authorization": "Bearer cluster-metrics-token"}, timeout=30)

    assert anonymous.status_code == 404
    assert scraped.status_code == 200
    assert 'dundian_http_request_duration_seconds_count{method="GET",view="healthz"}' in scraped.text
    assert 'dundian_queue_length{queue="exports"}' in scraped.text
