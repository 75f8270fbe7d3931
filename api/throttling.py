"""Requests per minute per client (``ApiClient.rate_per_minute``), counted in the cache."""

from rest_framework.throttling import SimpleRateThrottle

from .permissions import client_of


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def __init__(self):
        # The rate is the client's own, set per request in allow_request.
        self.num_requests, self.duration = 0, 60

    def get_rate(self):
        return None

    def get_cache_key(self, request, view):
        client = client_of(request)
        return None if client is None else f"throttle_api_client_{client.pk}"

    def allow_request(self, request, view):
        client = client_of(request)
        if client is None:
            return True
        self.rate = f"{client.rate_per_minute}/min"
        self.num_requests, self.duration = client.rate_per_minute, 60
        return super().allow_request(request, view)
