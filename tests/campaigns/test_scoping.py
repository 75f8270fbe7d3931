"""One scoped-queryset mechanism (campaigns.scoping): every model declares its rule, none writes its own.

The behaviour per role is covered address by address in tests/test_permission_matrix.py;
these tests pin the mechanism itself.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from campaigns import scoping
from campaigns.models import Assignment, Campaign, Enterprise, UnitChange, WorkTeam
from issues.models import WorkerIssue
from ledger.models import ExportJob
from notifications.models import Notification
from outreach.models import Project, ServiceSite
from tests.factories import IssueFactory, PlannedVisitFactory, VisitFactory
from visits.models import PlannedVisit, Visit, VisitPhoto

OUR_APPS = ("campaigns", "visits", "issues", "dashboard", "ledger", "notifications", "workdays", "outreach")

DECLARED = {
    Campaign: "EveryoneSignedIn()",
    Enterprise: "EveryoneSignedIn()",
    UnitChange: "EveryoneSignedIn()",
    WorkTeam: "ByTeam('pk')",
    Assignment: "ByTeam('team')",
    # The author keeps reading what they made in a team they were once in (issue 11).
    Visit: "ByTeam('team', author_path='created_by')",
    PlannedVisit: "ByTeam('team', author_path='created_by')",
    VisitPhoto: "ByTeam('visit__team', author_path='visit__created_by')",
    WorkerIssue: "ByTeam('team', author_path='created_by')",
    ExportJob: "OwnRows('requester', staff_see_all=True)",
    Notification: "OwnRows('recipient', staff_see_all=False)",
    # A service site belongs to a unit: the units a user's teams cover (issue 13).
    ServiceSite: "ByUnit('unit')",
    Project: "ByTeam('team', author_path='created_by')",
}


def test_visible_to_is_written_once():
    root = Path(settings.BASE_DIR)
    found = sorted(
        str(path.relative_to(root))
        for app in OUR_APPS
        for path in (root / app).rglob("*.py")
        if re.search(r"def visible_to\(|visible_to\s*=", path.read_text(encoding="utf-8"))
    )
    assert found == ["campaigns/scoping.py"]


def test_every_model_with_visible_to_declares_its_rule():
    scoped = {
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and hasattr(model._default_manager, "visible_to")
    }
    assert scoped == set(DECLARED)
    for model in scoped:
        assert isinstance(model._default_manager.all(), scoping.ScopedQuerySet), model
        assert repr(model.visibility) == DECLARED[model], model


@pytest.mark.django_db
def test_a_model_without_a_rule_is_refused_not_shown(world):
    class Undeclared(scoping.ScopedQuerySet):
        pass

    qs = Undeclared(model=WorkTeam)
    original = WorkTeam.visibility
    try:
        del WorkTeam.visibility
        with pytest.raises(ImproperlyConfigured):
            qs.visible_to(world.leadership)
    finally:
        WorkTeam.visibility = original


@pytest.mark.django_db
def test_anonymous_and_teamless_users_see_no_team_rows(world):
    VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    PlannedVisitFactory(assignment=world.assignment_a, created_by=world.leader_a)
    IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    for model in (Visit, PlannedVisit, WorkerIssue, Assignment, WorkTeam):
        assert not model.objects.visible_to(AnonymousUser()).exists(), model
        assert not model.objects.visible_to(world.loner).exists(), model
        assert model.objects.visible_to(world.leadership).exists(), model
    assert not Campaign.objects.visible_to(AnonymousUser()).exists()
    assert Campaign.objects.visible_to(world.loner).exists()


@pytest.mark.django_db
def test_team_path_through_a_relation(world):
    visit_a = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    visit_b = VisitFactory(assignment=world.assignment_b, created_by=world.cadre_b)
    photo_a, photo_b = VisitPhoto.objects.bulk_create(
        [
            VisitPhoto(visit=visit_a, image="private/a.jpg", width=1, height=1, uploaded_by=world.cadre_a),
            VisitPhoto(visit=visit_b, image="private/b.jpg", width=1, height=1, uploaded_by=world.cadre_b),
        ]
    )
    assert list(VisitPhoto.objects.visible_to(world.cadre_a)) == [photo_a]
    assert set(VisitPhoto.objects.visible_to(world.office_staff)) == {photo_a, photo_b}
