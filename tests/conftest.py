"""Shared test set-up: a small world with every role, built from factories."""

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Tests never need a broker for ordinary tasks: run them in-process. The
# real-worker tests (marker "worker") are run on their own with a real Redis.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
import time_machine

from dundian.celery import app as celery_app
from tests import live_server
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    MembershipFactory,
    UnionUnitFactory,
    UserFactory,
    WorkTeamFactory,
)

# pytest-django imports the settings before this file runs, so the variable set
# above reaches settings.py only when it is set outside (as the worker tests do).
# Apply it to the Celery app itself, or tasks would go to the filesystem broker.
celery_app.conf.task_always_eager = os.environ["CELERY_TASK_ALWAYS_EAGER"] == "1"

live_server.install()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """The live server answers only while a test runs (tests/live_server.py)."""
    with live_server.serving():
        return (yield)


# Every test runs on one day, its clock moving from 10:00 Beijing time on Wednesday 2 December
# 2026 (inside the factories' campaign, 2026-07-15 to 2026-12-31, and the shipped 2026 calendar).
# On the real clock the suite would start failing on 1 January 2027: the factories' campaign
# would be over, "today" outside every period the tests build. Tests that need another moment
# travel from here (time_machine nests). Subprocesses (the cluster's servers) and the browser
# keep the real clock; cookies carry Max-Age, which the browser counts on its own clock.
TEST_NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _test_clock():
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Local work files (exports before they go to the storage): the test's own, never the shared /tmp.
    settings.FILE_WORK_DIR = tmp_path / "work"
    # PBKDF2 costs ~1 s per user on the CI box; tests never need a strong hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


_TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(_TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Every transactional test ends the same way: a serialized rollback.

    A plain ``transaction=True`` test ends with a flush that re-creates content types and
    permissions with new ids (post_migrate); a later ``serialized_rollback`` test then reloads the
    originals and fails on their unique keys — which tests failed depended on the order they ran
    in. With one teardown for all of them, the order no longer matters. Runs last, after the
    conftests that mark their own tests transactional (browser journeys).
    """
    for item in items:
        if not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        if kwargs.get("serialized_rollback"):
            continue
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Put the reference data back after a transactional test flushed it.

    The 23 units, eight groups and role groups come from a data migration; a
    ``transaction=True`` test (worker, browser, concurrency) ends with a flush
    that deletes them, and the next test would find no "领导" group.
    """
    if request.node.get_closest_marker("django_db") is None and not (_DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("_django_db_helper")  # the test's own database set-up, whichever kind
    from django.apps import apps
    from django.contrib.auth.models import Group

    from campaigns.reference import ROLE_GROUPS, load

    if Group.objects.filter(name__in=ROLE_GROUPS).count() < len(ROLE_GROUPS):
        load(apps)
        _load_shipped_calendar()


def _load_shipped_calendar():
    """The 2026 calendar (also seeded by a migration), from the file staff would load."""
    from pathlib import Path

    from workdays.loader import load_year, parse_calendar
    from workdays.models import CalendarYear

    if not CalendarYear.objects.filter(year=2026).exists():
        path = Path(__file__).resolve().parent.parent / "workdays" / "data" / "2026.csv"
        load_year(parse_calendar(path.read_text(encoding="utf-8")))


@dataclass
class World:
    """Two teams of one campaign and one user for every role."""

    campaign: object
    team_a: object
    team_b: object
    unit_a: object
    unit_b: object
    assignment_a: object
    assignment_b: object
    cadre_a: object  # 组员 of team A
    cadre_b: object  # 组员 of team B
    leader_a: object  # 组长 of team A
    leader_b: object  # 组长 of team B
    leadership: object  # 领导
    office_staff: object  # 工作人员
    admin: object  # superuser
    loner: object  # signed in, in no team

    def users_by_role(self):
        return {
            "cadre_a": self.cadre_a,
            "cadre_b": self.cadre_b,
            "leader_a": self.leader_a,
            "leader_b": self.leader_b,
            "leadership": self.leadership,
            "office_staff": self.office_staff,
            "admin": self.admin,
            "loner": self.loner,
        }


@pytest.fixture
def world(db):
    campaign = CampaignFactory()
    team_a = WorkTeamFactory(campaign=campaign, name="第一蹲点小组")
    team_b = WorkTeamFactory(campaign=campaign, name="第二蹲点小组")
    unit_a = UnionUnitFactory(name="高米店街道")
    unit_b = UnionUnitFactory(name="兴丰街道")
    assignment_a = AssignmentFactory(campaign=campaign, team=team_a, unit=unit_a)
    assignment_b = AssignmentFactory(campaign=campaign, team=team_b, unit=unit_b)
    cadre_a = MembershipFactory(team=team_a, user=UserFactory(username="cadre_a")).user
    cadre_b = MembershipFactory(team=team_b, user=UserFactory(username="cadre_b")).user
    leader_a = MembershipFactory(team=team_a, user=UserFactory(username="leader_a"), role="leader").user
    leader_b = MembershipFactory(team=team_b, user=UserFactory(username="leader_b"), role="leader").user
    return World(
        campaign=campaign,
        team_a=team_a,
        team_b=team_b,
        unit_a=unit_a,
        unit_b=unit_b,
        assignment_a=assignment_a,
        assignment_b=assignment_b,
        cadre_a=cadre_a,
        cadre_b=cadre_b,
        leader_a=leader_a,
        leader_b=leader_b,
        leadership=UserFactory(username="leadership", groups=["领导"]),
        office_staff=UserFactory(username="office_staff", groups=["工作人员"]),
        admin=UserFactory(username="root", is_superuser=True, is_staff=True),
        loner=UserFactory(username="loner"),
    )


@pytest.fixture(autouse=True)
def _rollup_bridge(request):
    """Rows the tests write directly keep the rollups current too (see tests/rollup_bridge.py)."""
    if request.node.get_closest_marker("writers_only") is not None:
        yield
        return
    from tests import rollup_bridge

    rollup_bridge.connect()
    yield
    rollup_bridge.disconnect()
