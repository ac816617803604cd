import pytest


@pytest.fixture(autouse=True)
def _default_language():
    """Service messages are in the default language; a test that switched to English must not leak."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def demo(db):
    """The default data from the seed documents, without demo reports."""
    from innozone.plans.demo import seed_demo

    return seed_demo(with_reports=False)


@pytest.fixture
def users(demo):
    from innozone.core.models import User

    return {u.username: u for u in User.objects.select_related("organization")}


@pytest.fixture
def plan2020(demo):
    from innozone.plans.models import Plan

    return Plan.objects.get(year=2020)


@pytest.fixture
def task6(plan2020):
    return plan2020.tasks.get(number="6")


@pytest.fixture
def api(client):
    """JSON calls to /api with a user's Bearer token: `api.as_user(user).post(url, body)`."""
    import json

    from innozone.core.tokens import api_token_create

    class Api:
        def __init__(self):
            self.token = None

        def as_user(self, user):
            self.token = api_token_create(actor=user, user=user, name="test")
            return self

        def _headers(self):
            return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

        def get(self, url):
            return client.get(url, **self._headers())

        def post(self, url, body, **headers):
            return client.post(url, json.dumps(body), content_type="application/json", **self._headers(), **headers)

    return Api()
