from ninja.security import HttpBearer, django_auth

from innozone.core.tokens import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer iz_…` — create tokens on the 「API 令牌」 page or with `api-token`. An expired
    token answers 401; a read-only token used for a write answers 403 `forbidden`."""

    def authenticate(self, request, token):
        user = user_for_token(token, method=request.method)
        if user is not None:
            request.user = user
        return user


#: Scripts use a token; the browser's own session works too (with its CSRF token).
API_AUTH = [TokenAuth(), django_auth]
