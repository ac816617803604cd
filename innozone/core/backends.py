"""The login throttle (django-axes) as the first authentication backend."""

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username. A login without a request (the test client's `login`, a shell) is not a
    web attempt and is not counted, but a locked username stays locked there too: the lockout is keyed by
    username alone (settings), so an empty request is enough to look it up."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(request or HttpRequest(), username=username, password=password, **kwargs)
