"""docs/api.md's round trip, run exactly as written: its curl blocks against a live server.

The two ``sh`` blocks after the markers ``<!-- round-trip: post -->`` and
``<!-- round-trip: status -->`` are run by bash with DUNDIAN, TOKEN (and CODE)
set; step 2, the escalation in the UI, is done here as the team leader on the
site, with the values the document names.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from issues.models import WorkerIssue

from .conftest import make_client

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("curl") is None, reason="curl is needed to run the documented commands"),
]


def documented_block(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- round-trip: {marker} -->\s*```sh\n(.*?)```", text, re.S)
    assert match, f"docs/api.md has no sh block after <!-- round-trip: {marker} -->"
    return match[1]


def run(block: str, home: Path, **env) -> dict:
    # The command stays as documented; curl's own config file (~/.curlrc) adds the status line.
    (home / ".curlrc").write_text('write-out = "\\n%{http_code}"\n', encoding="utf-8")
    done = subprocess.run(
        ["/bin/bash", "-c", block],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    body, status = done.stdout.rsplit("\n", 1)
    return {"status": int(status), "body": json.loads(body)}


def test_the_documented_round_trip(world, live_server, tmp_path):
    _, token = make_client("12345接诉即办平台", source="12345", can_create_tickets=True, can_read_status=True)
    env = {"DUNDIAN": live_server.url, "TOKEN": token, "home": tmp_path}

    # 1. The 12345 platform posts the ticket.
    posted = run(documented_block("post"), **env)
    assert posted["status"] == 201, posted
    code = posted["body"]["code"]
    assert posted["body"]["team"] == world.team_a.name
    assert posted["body"]["worker"]["name"] == "张*"
    assert run(documented_block("post"), **env)["body"]["code"] == code  # a retry: the same ticket

    # 2. The team leader accepts and escalates it on the ticket's page.
    issue = WorkerIssue.objects.get(code=code)
    browser = Client()
    browser.force_login(world.leader_a)
    action = f"/issues/{issue.pk}/action/"
    assert browser.post(action, {"kind": "accept", "version": issue.version}).status_code == 302
    issue.refresh_from_db()
    escalate = {
        "kind": "escalate",
        "version": issue.version,
        "to_step": 2,
        "escalated_to": "高米店街道办事处",
        "note": "企业拒不支付，需属地协调",
    }
    assert browser.post(action, escalate).status_code == 302

    # 3. The platform reads the status back.
    status = run(documented_block("status"), **env, CODE=code)
    assert status["status"] == 200
    body = status["body"]
    assert (body["status"], body["escalation_step"], body["escalated_to"]) == ("processing", 2, "高米店街道办事处")
    assert [a["kind"] for a in body["timeline"]] == ["create", "accept", "escalate"]
    assert (body["timeline"][2]["from_step"], body["timeline"][2]["to_step"]) == (1, 2)
