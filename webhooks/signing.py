"""The signature of a webhook request: HMAC-SHA256 over ``<unix time>.<body>`` with the endpoint's secret.

Sent as ``X-Dundian-Signature: t=<unix time>,v1=<hex digest>``. The timestamp is
inside the signed text, so a captured request cannot be replayed later with a
fresh time; the receiver checks both (docs/api-webhooks.md has its few lines).
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Dundian-Signature"
EVENT_ID_HEADER = "X-Dundian-Event-Id"
EVENT_TYPE_HEADER = "X-Dundian-Event-Type"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"
