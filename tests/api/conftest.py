"""Fixtures of the /api/enterprises tests: the seed documents' logins and two registry entries."""

import pytest

from innozone.core.models import User
from innozone.enterprises import services
from tests.api.enterprise_calls import Caller, code


@pytest.fixture
def people(demo):
    return {u.username: u for u in User.objects.select_related("organization")}


@pytest.fixture
def as_user(client, people):
    return lambda username: Caller(client, people[username])


@pytest.fixture
def longyuan(people):
    """The demo enterprise in 兰州高新区, registered by its own user."""
    return services.enterprise_register(
        actor=people["enterprise"],
        data={"uscc": code(1), "name": "甘肃陇原新材料科技有限公司", "region": "兰州高新区", "industry_code": "C3985"},
    )


@pytest.fixture
def baiyin(people):
    """An enterprise in 白银高新区, registered by the office."""
    return services.enterprise_register(
        actor=people["office"], data={"uscc": code(2, "620400"), "name": "白银银光化工有限公司", "region": "白银高新区"}
    )
