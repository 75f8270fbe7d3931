"""visits.demo.seed: the article's visits, idempotent, and valid by the model's own rules."""

import datetime as dt
import io

from django.utils import timezone
from PIL import Image

from campaigns import demo as campaigns_demo
from campaigns.demo import shifted
from visits import demo
from visits.models import PlannedVisit, Recruitment, Visit, VisitPhoto


def _counts():
    return {m.__name__: m.objects.count() for m in (Visit, PlannedVisit, Recruitment, VisitPhoto)} | {
        "cadres": Visit.cadres.through.objects.count(),
        "enterprises": Visit.enterprises.through.objects.count(),
        "plan_enterprises": PlannedVisit.enterprises.through.objects.count(),
    }


def test_seed_twice_gives_the_same_counts(db):
    out = io.StringIO()
    campaigns_demo.seed(out)
    demo.seed(out)
    first = _counts()
    demo.seed(out)
    assert _counts() == first
    assert first["Visit"] >= 20
    assert first["PlannedVisit"] >= 10
    assert first["VisitPhoto"] >= 2


def test_seed_has_the_visits_from_the_article(db):
    campaigns_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    care = Visit.objects.get(date=shifted(dt.date(2026, 8, 4)), unit__name="高米店街道", kind=Visit.Kind.CARE)
    assert care.team.name == "第一蹲点小组"
    assert "驿站" in care.place
    assert care.recruitments.exists()
    assert care.plan is not None
    forum = Visit.objects.get(date=shifted(dt.date(2026, 8, 9)), unit__name="兴丰街道")
    assert forum.team.name == "第二蹲点小组"
    assert forum.enterprises.count() == 7
    assert not forum.enterprises.filter(union_status="established").exists()
    assert Visit.objects.filter(team__name="第三蹲点小组", unit__name="魏善庄镇", kind=Visit.Kind.FORUM).exists()
    # The script's visits run from July to its day (late November), moved by whole weeks to today.
    first, last = min(Visit.objects.values_list("date", flat=True)), max(Visit.objects.values_list("date", flat=True))
    assert shifted(dt.date(2026, 7, 15)) <= first < shifted(dt.date(2026, 7, 31))
    assert shifted(dt.date(2026, 11, 1)) <= last < timezone.localdate()


def test_seeded_rows_pass_the_models_own_checks(db):
    campaigns_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    for visit in Visit.objects.all():
        visit.full_clean()
        # Each cadre on a visit was in the visit's team (they hold one team per campaign, issue 11).
        assert set(
            visit.cadres.filter(team_memberships__campaign=visit.campaign).values_list(
                "team_memberships__team", flat=True
            )
        ) == {visit.team_id}
        assert not visit.enterprises.exclude(unit=visit.unit).exists()
    for plan in PlannedVisit.objects.all():
        plan.full_clean()


def test_seeded_photos_are_clean_jpegs(db):
    campaigns_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    for photo in VisitPhoto.objects.all():
        with photo.image.open("rb") as handle:
            image = Image.open(handle)
            assert image.format == "JPEG"
            assert len(image.getexif()) == 0


def test_seed_without_the_campaign_says_so_and_does_nothing(db):
    out = io.StringIO()
    demo.seed(out)
    assert "跳过" in out.getvalue()
    assert not Visit.objects.exists()
