def test_explore(demo, client):
    from innozone.vouchers import demo as vdemo
    from innozone.vouchers.models import Voucher, Order, Scheme
    from innozone.core.models import User, ApprovalTask
    from innozone.ledger.models import LedgerState
    print(vdemo.seed(with_activity=True))
    for u in User.objects.select_related("organization").order_by("username"):
        print(u.username, u.role, u.organization)
    for v in Voucher.objects.all():
        print(v.number, v.enterprise, v.amount, v.redeemed, v.reserved, v.released, v.status)
    for o in Order.objects.all():
        print(o.number, o.status, o.voucher_amount, o.provider)
    print(Scheme.objects.get().committed, LedgerState.objects.get().size)
    for t in ApprovalTask.objects.all(): print(t.pk, t.approver, t.status)
    client.force_login(User.objects.get(username="office"))
    r = client.get("/vouchers/office/vouchers/")
    print(r.status_code)
    assert 0
