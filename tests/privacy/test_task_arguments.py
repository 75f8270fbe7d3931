"""No worker's phone or ID number crosses the broker: tasks get ids and read the rows themselves."""

import pytest
from celery.app.task import Task
from django.urls import reverse

from tests.issues.pages import form_data, login

from .conftest import ID_NUMBER, PHONE


@pytest.fixture
def sent(monkeypatch):
    calls = []
    original = Task.apply_async

    def recording(self, args=None, kwargs=None, *rest, **options):
        calls.append((self.name, repr(args), repr(kwargs)))
        return original(self, args, kwargs, *rest, **options)

    monkeypatch.setattr(Task, "apply_async", recording)
    return calls


def test_tasks_of_a_ticket_and_its_export_carry_ids_only(
    client, world, sent, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD_ROWS = 0
    world.leader_a.email = "leader@example.org"
    world.leader_a.save()
    client = login(client, world.leader_a)
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(world, worker_phone=PHONE, worker_id_number=ID_NUMBER)
        assert client.post(reverse("issues:create"), data).status_code == 302
        assert (
            client.post(reverse("ledger:index"), {"campaign": world.campaign.pk, "sheets": ["issues"]}).status_code
            == 302
        )
    assert {name for name, _, _ in sent} >= {"ledger.run_export"}
    assert all(PHONE not in args + kwargs and ID_NUMBER not in args + kwargs for _, args, kwargs in sent)
