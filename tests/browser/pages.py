"""Every page of the site, found from the URL configuration and filled with the demo data.

The sweeps (tests/browser/test_sweep_every_page.py) walk this list as each role, so a new page is
checked without being listed anywhere.
"""

from types import SimpleNamespace

from django.test import Client

from campaigns.models import Enterprise
from issues.models import WorkerIssue
from ledger.models import ExportJob, ImportRecord
from mediation.models import MediationBody, Referral, YanheCase
from notifications.models import Notification
from outreach.models import Project, ServiceSite
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
    # The API's reference page: Swagger UI (vendored by drf-spectacular-sidecar) for integrators, not a
    # page of the site in its templates; the API's own answers are JSON (tests/api).
    "api:docs",
}


def demo_records(user):
    """One demo record of each kind (as ``tests.security.conftest.Records``), visible to ``user``."""
    visit = Visit.objects.visible_to(user).order_by("id").first()
    job = ExportJob.objects.create(requester=user, params={}, status=ExportJob.Status.FAILED, error="示例")
    # An open ticket when there is one, so its page shows the next action.
    issues = WorkerIssue.objects.visible_to(user)
    issue = issues.filter(closed_at__isnull=True).order_by("id").first() or issues.order_by("id").first()
    return SimpleNamespace(
        enterprise=Enterprise.objects.order_by("id").first(),
        visit=visit,
        photo=VisitPhoto.objects.filter(visit=visit).first(),
        plan=PlannedVisit.objects.visible_to(user).order_by("id").first(),
        issue=issue,
        notification=Notification.objects.filter(recipient=user).first(),
        export_job=job,
        yanhe_case=YanheCase.objects.visible_to(user).order_by("id").first(),
        referral=Referral.objects.visible_to(user).order_by("id").first(),
        mediation_body=MediationBody.objects.visible_to(user).order_by("id").first(),
        site=ServiceSite.objects.visible_to(user).order_by("id").first(),
        project=Project.objects.visible_to(user).order_by("id").first(),
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


def pages_of(user) -> list[tuple[str, str]]:
    """(route name, path) of every HTML page ``user`` gets (200) with the demo data."""
    records = demo_records(user)
    client = Client()
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
    return paths
