"""Every page of the site at 360 px: nothing is wider than the screen (DESIGN.md §9).

The pages come from the URL configuration (tests/security/routes.py) and are
filled with the demo data, so a new page is checked without being listed here.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from campaigns.models import Enterprise
from issues.models import WorkerIssue
from ledger.models import ExportJob, ImportRecord
from notifications.models import Notification
from tests.browser.journeys import seed_demo
from tests.security.routes import named_routes, path_for
from visits.models import PlannedVisit, Visit, VisitPhoto

# Not pages: a JSON probe, a file, the htmx fragment of a form, POST-only actions.
NOT_PAGES = {
    "healthz",
    "metrics",
    "logout",
    "ledger:import_template",
    "ledger:job_download",
    "visits:form_fields",
    "visits:photo",
}


def _demo_records(user):
    """One demo record of each kind (as ``tests.security.conftest.Records``), visible to ``user``."""
    visit = Visit.objects.visible_to(user).order_by("id").first()
    job = ExportJob.objects.create(requester=user, params={}, status=ExportJob.Status.FAILED, error="示例")
    return SimpleNamespace(
        enterprise=Enterprise.objects.order_by("id").first(),
        visit=visit,
        photo=VisitPhoto.objects.filter(visit=visit).first(),
        plan=PlannedVisit.objects.visible_to(user).order_by("id").first(),
        issue=WorkerIssue.objects.visible_to(user).order_by("id").first(),
        notification=Notification.objects.filter(recipient=user).first(),
        export_job=job,
        import_record=ImportRecord.objects.create(
            kind=ImportRecord.Kind.ENTERPRISES,
            user=user,
            file_name="企业名录.xlsx",
            outcome=ImportRecord.Outcome.PARTIAL,
            rows_total=3,
            created=2,
            rejected=1,
            errors=[{"row": 3, "column": "统一社会信用代码", "message": "统一社会信用代码校验位不正确"}],
        ),
    )


@pytest.mark.parametrize("viewport_name", ["phone"])
@pytest.mark.parametrize("username", ["admin", "cadre1", "team1"])
def test_every_page_fits_a_360_px_screen(page, url, sign_in, username):
    seed_demo()
    user = get_user_model().objects.get(username=username)
    records = _demo_records(user)
    sign_in(user)

    client = Client()  # finds the pages this user gets (200, HTML) before the browser loads them
    client.force_login(user)
    paths = []
    for route in named_routes():
        if route.name in NOT_PAGES:
            continue
        try:
            path = path_for(route, records)
        except AttributeError:  # no such demo record for this user
            continue
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            paths.append((route.name, path))
    assert len(paths) > 15

    too_wide = []
    for name, path in paths:
        page.goto(url(path))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 361:
            too_wide.append(f"{name} {path}: {width}px")
    assert not too_wide, "pages wider than the phone screen: " + "; ".join(too_wide)
