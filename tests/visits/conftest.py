import io

import pytest
from PIL import Image

from tests.factories import EnterpriseFactory, PlannedVisitFactory, VisitFactory


def image_bytes(fmt="JPEG", size=(640, 480), color=(200, 30, 30), **save_kwargs) -> bytes:
    buf = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(buf, format=fmt, **save_kwargs)
    return buf.getvalue()


@pytest.fixture
def enterprise_a(world):
    return EnterpriseFactory(unit=world.unit_a, name="外卖快递综合休闲驿站")


@pytest.fixture
def enterprise_b(world):
    return EnterpriseFactory(unit=world.unit_b, name="兴丰未建会企业")


@pytest.fixture
def visit_a(world):
    """A visit of team A written by cadre_a."""
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, summary="慰问外卖快递小哥")
    visit.cadres.add(world.cadre_a)
    return visit


@pytest.fixture
def visit_b(world):
    visit = VisitFactory(assignment=world.assignment_b, created_by=world.cadre_b, summary="未建会企业沟通会")
    visit.cadres.add(world.cadre_b)
    return visit


@pytest.fixture
def plan_a(world):
    return PlannedVisitFactory(assignment=world.assignment_a, created_by=world.leader_a)


@pytest.fixture
def plan_b(world):
    return PlannedVisitFactory(assignment=world.assignment_b, created_by=world.leader_b)


def visit_post_data(world, **overrides):
    """A valid visit form post for cadre_a (team A has one team: the team field is fixed)."""
    data = {
        "unit": str(world.unit_a.pk),
        "date": "2026-08-04",
        "kind": "care",
        "place": "绿地缤纷城",
        "cadres": [str(world.cadre_a.pk)],
        "people_met": "驿站负责人",
        "workers_reached": "30",
        "summary": "慰问外卖快递小哥，送去清凉慰问品",
        "operations_findings": "",
        "mood_findings": "",
        "hotspot_findings": "",
        "recruit-TOTAL_FORMS": "2",
        "recruit-INITIAL_FORMS": "0",
        "recruit-MIN_NUM_FORMS": "0",
        "recruit-MAX_NUM_FORMS": "8",
        "recruit-0-group": "",
        "recruit-0-count": "",
        "recruit-1-group": "",
        "recruit-1-count": "",
    }
    data.update(overrides)
    return data
