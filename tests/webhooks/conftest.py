"""A local receiver (http.server in a thread) that can fail, be slow and come back; tickets opened by the service."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from issues.models import Source
from issues.services import open_issue
from webhooks.models import WebhookEndpoint

DOC = Path(__file__).resolve().parents[2] / "docs" / "api-webhooks.md"
# Requests slower than this time out on the sender's side (settings.WEBHOOK_TIMEOUT_SECONDS in these tests).
TIMEOUT = 0.3


def documented_verify():
    """The ``verify`` function of docs/api-webhooks.md, executed from the page itself."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- signature-check -->\n```python\n(.*?)```", text, re.S).group(1)
    namespace = {}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 -- our own documentation
    return namespace["verify"]


class Receiver:
    """Answers POSTs as told: ``mode`` is "ok" (204), "fail" (500) or "slow" (answers after the timeout).

    ``plan`` overrides ``mode`` for the next requests, one entry each. Every request
    is in ``requests``; those answered 2xx in time, with a valid signature, in ``accepted``
    (what a receiver would have processed), as (event id, payload).
    """

    def __init__(self, secret=""):
        self.secret = secret
        self.mode = "ok"
        self.plan = []
        self.requests = []
        self.accepted = []
        self.bad_signatures = 0
        self.lock = threading.Lock()
        self.verify = documented_verify()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    behaviour = receiver.plan.pop(0) if receiver.plan else receiver.mode
                    receiver.requests.append((dict(self.headers), body, behaviour))
                if behaviour == "fail":
                    self.send_response(500)
                    self.end_headers()
                    return
                if behaviour == "slow":
                    time.sleep(TIMEOUT * 3)
                    self._answer(204)
                    return
                if not receiver.verify(receiver.secret, body, self.headers["X-Dundian-Signature"]):
                    with receiver.lock:
                        receiver.bad_signatures += 1
                    self._answer(400)
                    return
                with receiver.lock:
                    receiver.accepted.append((self.headers["X-Dundian-Event-Id"], json.loads(body)))
                self._answer(204)

            def _answer(self, code):
                try:
                    self.send_response(code)
                    self.end_headers()
                except OSError:
                    pass  # the sender hung up (it timed out)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/dundian"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def accepted_ids(self):
        return [event_id for event_id, _ in self.accepted]

    def accepted_by_ticket(self):
        """Sequence numbers accepted per ticket code, in the order they arrived."""
        seen = {}
        for _, payload in self.accepted:
            seen.setdefault(payload["ticket"]["code"], []).append(payload["sequence"])
        return seen


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = TIMEOUT
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    e = WebhookEndpoint.objects.create(name="12345接诉即办平台", url=receiver.url)
    receiver.secret = WebhookEndpoint.objects.get(pk=e.pk).secret
    return e


@pytest.fixture
def open_ticket(world):
    """open_issue for team A from the 12345 hotline (override anything)."""
    numbers = iter(range(1, 10_000))

    def make(**kw):
        params = {
            "created_by": world.office_staff,
            "source": Source.HOTLINE_12345,
            "hotline_number": f"GD2026{next(numbers):05d}",
            "category": "wages",
            "team": world.team_a,
            "unit": world.unit_a,
            "campaign": world.campaign,
            "title": "拖欠工资",
            "description": "职工反映企业拖欠两个月工资",
            "worker_name": "张三",
            "worker_phone": "13812345678",
            "worker_id_number": "11010519491231002X",
        }
        params.update(kw)
        return open_issue(**params)

    return make


@pytest.fixture
def clock():
    """A frozen clock that tests move forward: ``clock.start(moment)``, ``clock.shift(timedelta)``."""
    import time_machine

    class Clock:
        traveller = None
        coordinates = None

        def start(self, moment):
            self.traveller = time_machine.travel(moment, tick=False)
            self.coordinates = self.traveller.start()

        def shift(self, delta):
            self.coordinates.shift(delta)

    c = Clock()
    yield c
    if c.traveller is not None:
        c.traveller.stop()
