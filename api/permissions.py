"""One permission class per scope; a missing scope is 403 naming it."""

from rest_framework import permissions

from .models import ApiClient, Scope
from .problems import ScopeMissing


def client_of(request) -> ApiClient | None:
    return request.auth if isinstance(request.auth, ApiClient) else None


class IsApiClient(permissions.BasePermission):
    """Any valid token (the default: no anonymous calls, not even with a session)."""

    def has_permission(self, request, view):
        if client_of(request) is None:
            from rest_framework.exceptions import NotAuthenticated

            raise NotAuthenticated()
        return True


class _ScopePermission(IsApiClient):
    scope: str = ""

    def has_permission(self, request, view):
        super().has_permission(request, view)
        if self.scope not in client_of(request).scopes():
            raise ScopeMissing(f"令牌没有“{Scope(self.scope).label}”（{self.scope}）权限。")
        return True


class CanCreateTickets(_ScopePermission):
    scope = Scope.CREATE_TICKETS


class CanReadStatus(_ScopePermission):
    scope = Scope.READ_STATUS


class CanReadAggregates(_ScopePermission):
    scope = Scope.READ_AGGREGATES


class CanUpdateMediation(_ScopePermission):
    scope = Scope.UPDATE_MEDIATION


class TicketWrite(permissions.BasePermission):
    """POST to the ticket list needs ``tickets:create``, GET needs ``tickets:read``."""

    def has_permission(self, request, view):
        if request.method == "POST":
            return CanCreateTickets().has_permission(request, view)
        return CanReadStatus().has_permission(request, view)
