"""docs/api.md's round trip, run exactly as written: its curl blocks against a live server.

The ``sh`` blocks after the markers ``<!-- round-trip: post -->`` and
``<!-- round-trip: status -->`` are run by bash with DUNDIAN, TOKEN (and CODE)
set; step 2, the escalation in the UI, is done here as the team leader on the
site, with the values the document names. The ``manage.py`` blocks
(``subscribe``, ``deliver``) are run in this process with the arguments as
written (``call_command``: a second process could not see the test database),
RECEIVER being a local receiver that checks every request with the ``verify``
function of docs/api-webhooks.md.
"""

import io
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from issues.models import WorkerIssue
from tests.webhooks.conftest import Receiver

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


def manage(block: str, **env) -> str:
    """Each ``python manage.py …`` line of ``block``, $VARIABLES filled from ``env``; their output."""
    out = io.StringIO()
    lines = [line for line in block.splitlines() if line.strip()]
    assert lines, "an empty block"
    for line in lines:
        words = shlex.split(line)
        assert words[:2] == ["python", "manage.py"], f"not a manage.py command: {line}"
        args = [re.sub(r"\$\{?(\w+)\}?", lambda m: env[m[1]], word) for word in words[3:]]
        call_command(words[2], *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def receiver():
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


def test_the_documented_round_trip(world, live_server, tmp_path, receiver):
    _, token = make_client("12345接诉即办平台", source="12345", can_create_tickets=True, can_read_status=True)
    _, other = make_client("12351职工热线", source="12351", can_read_status=True)
    env = {"DUNDIAN": live_server.url, "TOKEN": token, "home": tmp_path}

    # 0. Staff subscribe the platform; the secret printed is handed to the receiver.
    printed = manage(documented_block("subscribe"), RECEIVER=receiver.url)
    receiver.secret = re.search(r"签名密钥：(whsec_\S+)", printed)[1]
    manage(f'python manage.py add_webhook_endpoint --client "12351职工热线" --url "{receiver.url}/12351"')

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

    # 4. The deliveries are sent; the receiver accepted each event once, signed, in order.
    sent = manage(documented_block("deliver"))
    assert "本次送达 3 条，失败 0 条" in sent
    assert receiver.bad_signatures == 0
    assert len(receiver.requests) == len(receiver.accepted) == 3  # none for the 12351 client's subscription
    payloads = [payload for _, payload in receiver.accepted]
    assert [(p["type"], p["sequence"]) for p in payloads] == [
        ("ticket.created", 1),
        ("ticket.status_changed", 2),
        ("ticket.escalated", 3),
    ]
    assert {p["ticket"]["code"] for p in payloads} == {code}
    assert payloads[-1]["ticket"]["escalation_step"] == 2
    assert "本次送达 0 条" in manage(documented_block("deliver"))
    assert len(receiver.requests) == 3
