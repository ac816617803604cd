"""Property-based checks of the whole published API (issue 11, finding 10): schemathesis reads
/api/openapi.json, generates requests for every operation (valid and invalid ones) as the office and as an
enterprise, and fails on any 5xx, any response that does not match its documented schema or status code,
and any other of its checks. Bounded so ./test stays quick: `INNOZONE_API_EXAMPLES` examples per operation
and role (default 2) generated, plus schemathesis's coverage examples of every parameter's boundaries when
INNOZONE_API_COVERAGE=1 (`.ci/run` sets both: 10 examples and the coverage)."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

EXAMPLES = int(os.environ.get("INNOZONE_API_EXAMPLES", "2"))
# schemathesis's coverage examples (boundary values of every parameter, ~100–150 requests per operation and role)
# run as hypothesis's explicit phase: in CI (`.ci/run` sets INNOZONE_API_COVERAGE=1), not in every ./test
PHASES = [Phase.explicit, Phase.generate] if os.environ.get("INNOZONE_API_COVERAGE") == "1" else [Phase.generate]

# ./test runs this module in one pass: PostgreSQL's when it is reachable (see tests/conftest.py).
pytestmark = pytest.mark.once

# The schema is the one the server publishes, read through its own WSGI handler (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@pytest.fixture
def _keep_the_test_connection():
    """schemathesis calls the WSGI handler directly, whose request signals would close the database
    connection that holds the test's transaction (Django's test client disconnects them the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["office", "enterprise"])
def bearer(request, busy_funds, _keep_the_test_connection):
    from innozone.core.models import User
    from innozone.core.tokens import api_token_create

    user = User.objects.get(username=request.param)
    return {"Authorization": f"Bearer {api_token_create(actor=user, user=user, name='schemathesis')}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure is reproducible, not a flake
    phases=PHASES,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, bearer):
    # Every check but two: the business rules (a referenced object exists, a title is not blank after
    # trimming, text can be stored) refuse some requests the schema allows, and pydantic's lax parsing accepts
    # some it does not (`"5"` for 5); neither is a server error or a response that breaks the schema.
    case.call_and_validate(headers=bearer, excluded_checks=[positive_data_acceptance, negative_data_rejection])
