import pytest


@pytest.fixture
def world(demo):
    """The voucher demo set-up without activity (restored by the harness): the 2020 scheme, approved
    providers, enterprises."""
    from innozone.core.models import User
    from innozone.vouchers import demo as voucher_demo
    from innozone.vouchers.models import Provider, Scheme, ServiceCategory

    users = {u.username: u for u in User.objects.select_related("organization")}
    scheme = Scheme.objects.get(name=voucher_demo.SCHEME_NAME)
    lab = Provider.objects.get(organization__name="甘肃省分析测试中心（演示）")
    return {
        "users": users,
        "scheme": scheme,
        "lab": lab,
        "sem": lab.items.get(name__startswith="场发射"),  # 800 元/小时, instrument: 50 %
        "instrument": ServiceCategory.objects.get(code="instrument"),
    }


@pytest.fixture
def issue(world):
    """issue(username, amount) -> an approved voucher, through the approval path."""
    from innozone.core.approvals import approval_decide
    from innozone.core.models import ApprovalTask, User
    from innozone.vouchers import services

    def _issue(username="enterprise", amount="10000"):
        user = world["users"][username]
        application = services.application_submit(
            actor=user, scheme=world["scheme"], amount=amount, purpose="检测", category=world["instrument"]
        )
        for task in ApprovalTask.objects.filter(request=application.approval, status="pending"):
            approver = User.objects.filter(organization=task.approver).first()
            approval_decide(actor=approver, task=task, approve=True, comment="同意")
        application.refresh_from_db()
        return application.voucher

    return _issue


def _people():
    from innozone.core.models import User

    return {u.username: u for u in User.objects.select_related("organization")}


# `scheme` and `busy_scheme` (tests/conftest.py) name the demo state a voucher test starts from.


@pytest.fixture
def people(scheme):
    return _people()


@pytest.fixture
def busy_people(busy_scheme):
    return _people()
