"""Records of team A (one of each kind) for the security tests, built on the shared ``world``."""

import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from issues.models import IssueAction
from ledger.models import ExportJob, ImportRecord
from notifications.models import Notification
from outreach.models import Project, ServiceSite
from tests.factories import EnterpriseFactory, IssueFactory, PlannedVisitFactory, RecruitmentFactory, VisitFactory
from visits.models import VisitPhoto


def jpeg_bytes(size=(40, 30), color="red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


@dataclass
class Records:
    enterprise: object
    visit: object
    photo: object
    plan: object
    issue: object
    notification: object
    export_job: object  # a finished ledger export requested by team A's leader
    import_record: object  # an enterprise import by office staff
    reply: object = None  # a written reply (IssueAction with a file) on team A's ticket
    person: object = None  # team A's cadre, as seen by the people pages
    campaign: object = None  # team A's campaign (the template of a copy)
    # mediation (issue 13): team A's dispute ticket handed to 言和 (cadre is its handler), with a pending
    # legal-aid referral; a 六方工作站 planned in team A's unit
    mediated_issue: object = None
    yanhe_case: object = None
    referral: object = None
    mediation_body: object = None
    site: object = None  # a service site in team A's unit
    project: object = None  # a 我为职工办实事 project of team A, registered by its cadre


def make_records(world, **text) -> Records:
    """One record of every kind, all belonging to team A; ``text`` overrides free-text fields."""
    enterprise = EnterpriseFactory(unit=world.unit_a, **text.get("enterprise", {}))
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, **text.get("visit", {}))
    visit.enterprises.add(enterprise)
    visit.cadres.add(world.cadre_a)
    RecruitmentFactory(visit=visit)
    photo = VisitPhoto(visit=visit, uploaded_by=world.cadre_a, **text.get("photo", {}))
    photo.image.save("photo.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.width, photo.height = 40, 30
    photo.save()
    plan = PlannedVisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, **text.get("plan", {}))
    issue = IssueFactory(
        assignment=world.assignment_a,
        created_by=world.cadre_a,
        handler=world.cadre_a,
        visit=visit,
        enterprise=enterprise,
        **text.get("issue", {}),
    )
    notification = Notification.objects.create(
        recipient=world.cadre_a,
        kind="issue_due_soon",
        object_key=f"issue:{issue.pk}",
        day=issue.received_at.date(),
        title=text.get("notification", {}).get("title", f"工单 {issue.code} 即将到期"),
        body=text.get("notification", {}).get("body", ""),
        url=issue.get_absolute_url() if hasattr(issue, "get_absolute_url") else f"/issues/{issue.pk}/",
    )
    export_job = ExportJob(
        requester=world.leader_a,
        params={"campaign_id": world.campaign.pk},
        status=ExportJob.Status.DONE,
        rows_total=1,
        rows_done=1,
    )
    export_job.file.save("ledger.xlsx", ContentFile(b"PK not really a workbook"), save=False)
    export_job.save()
    import_record = ImportRecord.objects.create(
        kind=ImportRecord.Kind.ENTERPRISES,
        user=world.office_staff,
        file_name="企业名录.xlsx",
        outcome=ImportRecord.Outcome.IMPORTED,
        rows_total=1,
        created=1,
    )
    reply = IssueAction(
        issue=issue, kind=IssueAction.Kind.REPLY, actor=world.cadre_a, note="答复", attachment_name="答复.pdf"
    )
    reply.attachment.save("reply.pdf", ContentFile(b"%PDF-1.4"), save=False)
    reply.save()
    mediation = _mediation_records(world, text)
    return Records(
        enterprise,
        visit,
        photo,
        plan,
        issue,
        notification,
        export_job,
        import_record,
        reply,
        person=world.cadre_a,
        campaign=world.campaign,
        **mediation,
        site=ServiceSite.objects.create(
            unit=world.unit_a, name="驿站甲", kind=ServiceSite.Kind.STATION, created_by=world.cadre_a
        ),
        project=Project.objects.create(
            campaign=world.campaign,
            team=world.team_a,
            unit=world.unit_a,
            title="骑手休息点",
            beneficiaries="外卖骑手",
            responsible=world.cadre_a,
            created_by=world.cadre_a,
        ),
    )


def _mediation_records(world, text) -> dict:
    """Team A's 言和 case, referral and mediation body, written through mediation.services."""
    import datetime as dt

    from mediation import services
    from mediation.choices import BodyKind, BodyStatus, ReferralService

    body = services.register_body(
        world.office_staff,
        name="高米店街道六方工作站",
        kind=BodyKind.SIX_PARTY,
        unit=world.unit_a,
        status=BodyStatus.PLANNED,
        status_on=dt.date(2026, 8, 1),
    )
    fields = {
        "title": "解除劳动合同未支付经济补偿",
        **text.get("issue", {}),
        "category": "dispute",
        "hotline_number": "",
    }
    issue = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a, handler=world.cadre_a, **fields)
    case = services.hand_over(
        issue.pk, world.cadre_a, case_number="YH-TEST-0001", handed_over_on=dt.date(2026, 8, 5), body=body
    )
    referral = services.refer(
        issue.pk, world.cadre_a, service=ReferralService.LEGAL_AID, referred_on=dt.date(2026, 8, 6)
    )
    return {"mediated_issue": issue, "yanhe_case": case, "referral": referral, "mediation_body": body}


@pytest.fixture
def records(world):
    return make_records(world)
