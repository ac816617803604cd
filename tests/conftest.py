import os

import pytest
from django.db import connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.harness import STATES, States, state_for

# Speed is measured by bench/, never asserted: no per-example deadline, and a slow generator on a busy
# machine is not a failure.
hypothesis_settings.register_profile("innozone", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("innozone")

# the shared checks of the voucher tests report failing asserts as the test files do
pytest.register_assert_rewrite("tests.vouchers.pages", "tests.vouchers.api_calls")


def pytest_addoption(parser):
    parser.addoption(
        "--db-only",
        action="store_true",
        help="run only the tests that use the database (./test's second pass, on PostgreSQL: the others "
        "do not depend on the database and have run in the first pass)",
    )


def uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"db", "transactional_db"}) or item.get_closest_marker("django_db") is not None


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in item.fixturenames or bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """--db-only keeps the database tests; then tests are ordered by the demo state they start from (stable,
    transactional ones last, as pytest-django orders them), so a worker restores a state once per run of
    tests rather than once per test — cheap on SQLite, a template copy on PostgreSQL."""
    # ./test with both databases: `once` tests run in SQLite's pass, `browser` tests in PostgreSQL's
    elsewhere = {"sqlite": "browser", "postgresql": "once"}.get(os.environ.get("INNOZONE_PASS", ""))
    if elsewhere:
        moved = [i for i in items if i.get_closest_marker(elsewhere)]
        config.hook.pytest_deselected(items=moved)
        items[:] = [i for i in items if not i.get_closest_marker(elsewhere)]
    if config.getoption("--db-only"):
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = [item for item in items if uses_database(item)]
    rank = {state: n for n, state in enumerate(STATES)}
    items.sort(
        key=lambda item: (_transactional(item), rank[state_for(item.fixturenames)] if uses_database(item) else -1)
    )


@pytest.fixture(autouse=True)
def _default_language():
    """Service messages are in the default language; a test that switched to English must not leak."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


@pytest.fixture(scope="session")
def db_states(django_db_setup, django_db_blocker):
    """The database states of this test process (tests/harness.py)."""
    with django_db_blocker.unblock():
        states = States()
    yield states
    with django_db_blocker.unblock():
        states.close()


@pytest.fixture(autouse=True)
def _db_state(request):
    """Before a database test: restore the state its fixtures ask for (`demo`, `scheme`, `busy_market`, …;
    none: the empty migrated database), built once per process. Runs before the test's transaction opens."""
    if not uses_database(request.node):
        yield
        return
    states = request.getfixturevalue("db_states")
    with request.getfixturevalue("django_db_blocker").unblock():
        # A test marked django_db has its transaction open already: it seeds what it needs inside it.
        if not connections["default"].in_atomic_block:
            states.enter(state_for(request.fixturenames))
    yield
    if _transactional(request.node):
        states.current = None  # its commits were flushed afterwards: restore before the next test


@pytest.fixture
def demo(db):
    """The default data from the seed documents (units, logins, plans), without demo reports: built once
    per test process by `_db_state`."""


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


# The demo states below are built once per test process by `_db_state` (tests/harness.py): these fixtures
# only name the state a test starts from.


@pytest.fixture
def scheme(demo):
    """+ the voucher demo without activity: the 2020 scheme, approved providers, enterprises."""
    from innozone.vouchers.demo import SCHEME_NAME
    from innozone.vouchers.selectors import schemes_all

    return schemes_all().get(name=SCHEME_NAME)


@pytest.fixture
def busy_scheme(demo):
    """+ the voucher demo with vouchers, orders and redemptions in every state (and their ledger events)."""
    from innozone.vouchers.demo import SCHEME_NAME
    from innozone.vouchers.selectors import schemes_all

    return schemes_all().get(name=SCHEME_NAME)


@pytest.fixture
def innovation(demo):
    """+ the registry, then the talent pool and expert pool, platforms and teams, carriers (issue 13) without
    activity (no recognitions under way, no draws)."""


@pytest.fixture
def investment_world(demo):
    """The registry's demo (no activity) with chains, projects, IP and cooperation (no activity)."""
    return demo


@pytest.fixture
def busy_investment(demo):
    """The busy registry, innovation and funds/finance (for pledged loans) with chains, projects in every stage,
    IP and cooperation with activity."""
    return demo


@pytest.fixture
def policy_world(demo):
    """The registry's demo (no activity) with the policy library and the one-stop catalogue (no activity)."""
    return demo


@pytest.fixture
def busy_policies(demo):
    """The busy registry with policies, 免申即享 lists and grants, the catalogue and cases in every state."""
    return demo


@pytest.fixture
def funds_world(demo):
    """+ the innovation state, then special funds and technology finance (issue 14) without activity: the
    programmes, calls, banks, pools and funds of the demo, no applications under way."""


@pytest.fixture
def funds_calls_busy(demo):
    """+ the innovation state, then only the calls part of the funds demo with its activity (calls in every
    state, applications in every status; nothing reviewed, decided or awarded)."""


@pytest.fixture
def busy_funds(demo):
    """The whole demo with activity including special funds (calls in every state, reviews, decisions, 公示,
    awards, projects with tranches) and technology finance (loans, subsidies, claims, investments)."""


@pytest.fixture
def busy_innovation(demo):
    """The whole demo with activity, the registry, then talent, platforms, teams and carriers with activity:
    recognitions at every step (one in 公示 with an objection), draws and reviews, yearly figures, assessments."""


@pytest.fixture
def busy_registry(demo):
    """The whole demo: every app's data with activity (vouchers, bookings, contracts) and the registry."""


@pytest.fixture
def registry(demo):
    """+ the market demo without activity, then the enterprise registry's demo (innozone/enterprises/demo.py):
    the demo's organizations registered with valid USCCs, ~120 demo enterprises with three years of figures,
    qualifications and the cultivation pipeline in every state."""


@pytest.fixture
def market_base(demo):
    """+ the voucher and market demo without activity: listings, the analysis centre's instruments linked to
    its voucher price list; no bookings, contracts or vouchers."""


@pytest.fixture
def busy_market(demo):
    """As `market_base`, plus vouchers (陇原 holds an active one), bookings, a usage and technology contracts."""
