"""JSON bodies of at most ``API_MAX_BODY_BYTES``, also when no Content-Length announced the size."""

import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from .problems import PayloadTooLarge


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise PayloadTooLarge()
        return super().parse(io.BytesIO(raw), media_type, parser_context)
