"""One draft sent by several tabs at the same moment: one visit, the others get its address.

Real concurrency needs PostgreSQL (SQLite serialises whole-database writes), so this runs in
the PostgreSQL pass of .ci/run and is skipped on SQLite. Locally:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/dundian_offline.
"""

import threading
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from visits.models import Visit, VisitPhoto

from .conftest import image_bytes, visit_post_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for real parallel requests"),
]

SENDERS = 4


def test_one_draft_sent_by_four_tabs_at_once_creates_one_visit_with_its_photos_once(world):
    client_id = str(uuid.uuid4())
    clients = []
    for _ in range(SENDERS):
        client = Client()
        client.force_login(world.cadre_a)
        clients.append(client)
    barrier = threading.Barrier(SENDERS)
    results = [None] * SENDERS

    def send(i):
        data = visit_post_data(world, client_id=client_id, team=str(world.team_a.pk))
        data["photos"] = [SimpleUploadedFile(f"p{n}.jpg", image_bytes(), content_type="image/jpeg") for n in range(2)]
        try:
            barrier.wait()
            response = clients[i].post(reverse("visits:sync"), data)
            results[i] = (response.status_code, response.json().get("url"))
        except Exception as error:  # pragma: no cover - shown in the assertion
            results[i] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    visit = Visit.objects.get()
    assert sorted(status for status, _ in results) == [200] * (SENDERS - 1) + [201], results
    assert {url for _, url in results} == {f"/visits/{visit.pk}/"}
    assert VisitPhoto.objects.filter(visit=visit).count() == 2
    stored = list((settings.MEDIA_ROOT / "private").rglob("*.jpg"))
    assert len(stored) == 2  # the tabs that lost the race left no photo files behind
