"""Bearer tokens of API clients, checked on every call: known, valid, client active, address allowed."""

from django.utils import timezone
from rest_framework import authentication, exceptions

from dundian.client_ip import client_ip

from .services import find_token, ip_allowed, touch_token

# Refresh "last used" at most once a minute per token (one write per call would double every call's writes).
LAST_USED_PRECISION_SECONDS = 60


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer dd_…`` → (the client's account, the client).

    An unknown, expired or revoked token, or a disabled client, is 401; an
    address outside the client's allow-list is 403 (the token is fine, the
    place is not).
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword.lower().encode():
            raise exceptions.AuthenticationFailed("Authorization 头应为 “Bearer 令牌”。")
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization 头应为 “Bearer 令牌”，令牌中不能有空格。")
        try:
            plain = header[1].decode("ascii")
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("令牌只能包含 ASCII 字符。") from error
        now = timezone.now()
        token = find_token(plain, now=now)
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效。")
        client = token.client
        # The call log names the client from here on, even when the answer is 401/403.
        request._request.api_client_id = client.pk
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("令牌已吊销。")
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed("令牌已过期。")
        if not client.active:
            raise exceptions.AuthenticationFailed("该客户端已停用。")
        if not ip_allowed(client, client_ip(request._request)):
            raise exceptions.PermissionDenied("请求来自客户端允许的地址之外。")
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_PRECISION_SECONDS:
            touch_token(token, now=now)
        return client.account, client

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
