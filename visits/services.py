"""Visit and plan rules that more than one page (and the demo seeder) rely on."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q

from campaigns import roles
from campaigns.models import Assignment, TeamMembership, UnionUnit, WorkTeam

from .models import CareItem, PlannedVisit, Recruitment, Visit, VisitPhoto
from .signals import visit_written

KEY_FIELDS = ("campaign_id", "team_id", "unit_id", "date")

log = logging.getLogger(__name__)

NO_TEAM_MESSAGE = "您不在任何蹲点小组中，不能填报走访记录或工作计划。"
READ_ONLY_ROLE_MESSAGE = "领导和工作人员可以查看全部走访记录，但走访记录和工作计划由蹲点小组填报。"
CANNOT_EDIT_MESSAGE = "只有填报人本人和本组组长可以修改这条记录。"


def teams_for_new_records(user):
    """Teams the user may file visits and plans for: their own teams of active campaigns.

    Superusers may file for any team (they fix records for others).
    Leadership and office staff see everything but file nothing unless they
    are also members of a team.
    """
    teams = WorkTeam.objects.filter(campaign__is_active=True).select_related("campaign")
    if not user.is_authenticated:
        return teams.none()
    if user.is_superuser:
        return teams
    return teams.filter(pk__in=roles.team_ids_of(user))


def require_teams_for_new_records(user) -> list:
    """The user's teams for a new record, or PermissionDenied with a Chinese reason."""
    teams = list(teams_for_new_records(user))
    if not teams:
        raise PermissionDenied(READ_ONLY_ROLE_MESSAGE if roles.sees_everything(user) else NO_TEAM_MESSAGE)
    return teams


def units_of_teams(teams):
    """Units assigned to these teams in their own campaigns (current campaign = the team's)."""
    pairs = Assignment.objects.filter(team__in=teams).values("campaign_id", "team_id", "unit_id")
    unit_ids = {row["unit_id"] for row in pairs}
    return UnionUnit.objects.filter(pk__in=unit_ids)


def members_of_teams(teams, also=None):
    """Active members of these teams (plus ``also``, e.g. the cadres already on a visit)."""
    in_teams = Q(pk__in=TeamMembership.objects.current().filter(team__in=teams).values("user_id"), is_active=True)
    if also is not None:
        in_teams |= Q(pk__in=also.values("pk"))
    return get_user_model().objects.filter(in_teams).distinct().order_by("first_name", "username")


def leaders_for(teams, current=None):
    """Who may be named 带队领导: leadership, and the leaders of these teams (plus the one already named)."""
    from campaigns.roles import LEADERSHIP_GROUP

    who = Q(groups__name=LEADERSHIP_GROUP, is_active=True) | Q(
        pk__in=TeamMembership.objects.current().filter(team__in=teams, role="leader").values("user_id"), is_active=True
    )
    if current:
        who |= Q(pk=current)
    return get_user_model().objects.filter(who).distinct().order_by("first_name", "username")


def _delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # a leftover file is harmless; a 500 here would hide the real error
            log.warning("could not remove photo %s after a failed save", name, exc_info=True)


def store_photos(visit: Visit, processed_photos, user, stored_names: list):
    for processed in processed_photos:
        photo = VisitPhoto(visit=visit, uploaded_by=user)
        photo.image.save("photo.jpg", processed.content, save=False)
        stored_names.append(photo.image.name)
        photo.width, photo.height = processed.width, processed.height
        photo.save()


class VisitAlreadySaved(Exception):
    """A new visit whose client id is already stored: the draft was sent before."""

    def __init__(self, visit: Visit):
        super().__init__(f"visit {visit.pk} already saved for this draft")
        self.visit = visit


def visit_for_client_id(client_id) -> Visit | None:
    if client_id is None:
        return None
    return Visit.objects.filter(client_id=client_id).first()


def _write_visit(visit: Visit, user, *, is_new: bool, client_id=None, at=None) -> Visit:
    """The one save of a Visit row (the form, the offline sync and the demo come through here).

    A new visit gets its author and draft id; ``at`` (the demo seeder) dates
    填报时间 and the change-history row, otherwise they are now.
    """
    if is_new:
        visit.created_by = user
        visit.client_id = client_id
        if at is not None:
            visit.created_at = at
    visit.campaign = visit.team.campaign
    visit._history_user = user
    if at is not None:
        visit._history_date = at
    visit.save()
    return visit


def save_visit(
    form, recruitment_formset, user, plan: PlannedVisit | None = None, client_id=None, care_formset=None
) -> Visit:
    """Save a validated visit form, its recruitment and care rows, its photos and the plan link at once.

    One transaction: if any step fails nothing is kept, not even the photo
    files already written to storage. The daily summaries of the visit's day
    (before and after an edit) are refreshed in the same transaction.

    ``client_id`` is the id a browser gave a new visit (the form page, or an
    offline draft sent by static/js/offline.js). A unique constraint keeps one
    visit per id: a second save of the same id, even at the same moment from
    two tabs, writes nothing and raises VisitAlreadySaved with the first visit.
    """
    stored_names: list[str] = []
    is_new = form.instance.pk is None
    if is_new and (existing := visit_for_client_id(client_id)) is not None:
        raise VisitAlreadySaved(existing)
    try:
        with transaction.atomic():
            # The day the visit counted on before this edit (the form has already changed the instance).
            before = None if is_new else Visit.objects.filter(pk=form.instance.pk).values_list(*KEY_FIELDS).first()
            visit = _write_visit(form.save(commit=False), user, is_new=is_new, client_id=client_id)
            form.save_m2m()
            recruitment_formset.instance = visit
            recruitment_formset.save()
            if care_formset is not None:
                care_formset.instance = visit
                care_formset.save()
            store_photos(visit, form.cleaned_data.get("photos") or [], user, stored_names)
            if plan is not None:
                plan.visit = visit
                plan.save(update_fields=["visit"])
            visit_written.send(sender=Visit, visit=visit, before=before)
    except IntegrityError:
        _delete_files(stored_names)
        # The twin committed between our check and our insert: the constraint decided.
        existing = visit_for_client_id(client_id) if is_new else None
        if existing is None:
            raise
        raise VisitAlreadySaved(existing) from None
    except Exception:
        _delete_files(stored_names)
        raise
    return visit


@transaction.atomic
def record_visit(
    *,
    team,
    unit,
    date,
    kind,
    summary,
    created_by,
    cadres=(),
    enterprises=(),
    sites=(),
    recruited=None,
    care_items=(),
    photos=(),
    at=None,
    **fields,
) -> Visit:
    """A visit written without a form (the demo seeder, scripts): the same checks and the same save.

    ``fields`` are further Visit fields (place, people_met, workers_reached, the
    findings, leader, project); ``recruited`` maps WorkerGroup → count;
    ``care_items`` are dicts of CareItem fields; ``photos`` processed photos
    (visits.photos.process_photo). The model's checks (team, unit, dates) run
    first: a ValidationError writes nothing.
    """
    visit = Visit(team=team, unit=unit, campaign=team.campaign, date=date, kind=kind, summary=summary, **fields)
    visit.created_by = created_by
    visit.full_clean(exclude=["created_by"])
    _write_visit(visit, created_by, is_new=True, at=at)
    visit.cadres.add(*cadres)
    visit.enterprises.add(*enterprises)
    visit.sites.add(*sites)
    for group, count in (recruited or {}).items():
        Recruitment.objects.create(visit=visit, group=group, count=count)
    add_care_items(visit, care_items)
    stored: list[str] = []
    try:
        store_photos(visit, photos, created_by, stored)
    except Exception:
        _delete_files(stored)
        raise
    visit_written.send(sender=Visit, visit=visit, before=None)
    return visit


@transaction.atomic
def add_care_items(visit: Visit, care_items) -> list[CareItem]:
    """Who received what at a 慰问 visit (dicts of CareItem fields); the model's checks refuse negatives."""
    added = []
    for item in care_items:
        care = CareItem(visit=visit, **item)
        care.full_clean()
        care.save()
        added.append(care)
    return added


@transaction.atomic
def move_enterprise_visits_to_site(enterprise, site) -> int:
    """The visits that met ``enterprise`` now met ``site`` instead (a record turned into a service site).

    Visit rows are untouched (their history stays as it was); only the two
    links change. Work plans that named the enterprise name the site's visits
    through their visit; the plan's own enterprise link is dropped.
    """
    links = Visit.enterprises.through.objects.filter(enterprise_id=enterprise.pk)
    visit_ids = list(links.values_list("visit_id", flat=True))
    for visit_id in visit_ids:
        Visit.sites.through.objects.get_or_create(visit_id=visit_id, servicesite_id=site.pk)
    links.delete()
    PlannedVisit.enterprises.through.objects.filter(enterprise_id=enterprise.pk).delete()
    # The enterprises a visit met changed: its day's summaries (first meetings) are refreshed too.
    for visit in Visit.objects.filter(pk__in=visit_ids):
        visit_written.send(sender=Visit, visit=visit, before=None)
    return len(visit_ids)


def delete_photo(photo: VisitPhoto):
    """Remove a photo row now and its file once the transaction has committed."""
    name = photo.image.name
    photo.delete()
    transaction.on_commit(lambda: _delete_files([name]))


def plans_in_display_order(queryset, today) -> list:
    """Upcoming open plans first (soonest first), then the rest (latest first): two index-ordered parts.

    Two querysets instead of one ``ORDER BY CASE …``: each part is read in the order of
    an index (``plannedvisit_upcoming_idx``, ``plannedvisit_order_idx``), so a page
    reads its 30 rows instead of sorting every plan (issue 15).
    """
    upcoming = Q(visit__isnull=True, is_cancelled=False, date__gte=today)
    return [
        queryset.filter(upcoming).order_by("date", "team__sort_order", "id"),
        queryset.exclude(upcoming).order_by("-date", "team__sort_order", "id"),
    ]
