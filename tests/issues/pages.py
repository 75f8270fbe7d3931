"""Helpers shared by the ticket page tests: sign in, fill the forms, post an action."""

from django.urls import reverse

ALL_ROLES = ["cadre_a", "cadre_b", "leader_a", "leader_b", "leadership", "office_staff", "admin", "loner"]


def login(client, user):
    client.force_login(user)
    return client


def form_data(world, **kw):
    data = {
        "team": world.team_a.pk,
        "unit": world.unit_a.pk,
        "source": "field",
        "hotline_number": "",
        "category": "wages",
        "urgency": "ordinary",
        "enterprise": "",
        "visit": "",
        "worker_name": "赵六",
        "worker_phone": "13900001111",
        "worker_id_number": "",
        "title": "拖欠加班费",
        "description": "职工反映三个月加班费未发",
        "received_at": "",
    }
    data.update(kw)
    return data


def edit_data(issue, **kw):
    data = {
        "unit": issue.unit_id,
        "source": issue.source,
        "hotline_number": issue.hotline_number,
        "category": issue.category,
        "urgency": issue.urgency,
        "enterprise": "",
        "worker_name": issue.worker_name,
        "worker_phone": issue.worker_phone,
        "worker_id_number": issue.worker_id_number,
        "title": issue.title,
        "description": issue.description,
        "version": issue.version,
    }
    data.update(kw)
    return data


def act(client, issue, **data):
    return client.post(reverse("issues:action", args=[issue.pk]), {"version": issue.version, **data})
