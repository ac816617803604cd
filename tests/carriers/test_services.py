"""The carriers' services and occupancy on the registry's demo: leases (registry entry, overlap, unit of the
carrier, sane dates), move-outs, graduations (had a lease; 高企 only with a valid qualification), virtual
registrations, permissions, and the occupancy arithmetic."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.carriers import selectors
from innozone.carriers.services import carriers as carrier_services
from innozone.carriers.services import leases
from innozone.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from innozone.core.models import AuditEvent, Organization, User

from .factories import carrier, hnte_holder, office, registered, without_hnte

D = dt.date


@pytest.fixture
def setup(registry):
    c = carrier(address="兰州高新区测试路 1 号")
    units = list(c.units.order_by("number"))
    return c, units, registered()


def _lease(c, unit, tenant, start, end, actor=None):
    data = {"unit": unit.pk, "tenant": tenant.pk, "starts_on": start, "ends_on": end}
    return leases.lease_create(actor=actor or office(), carrier=c, data=data)


def test_leases_overlap_registry_and_dates_are_checked_all_at_once(setup):
    c, (u0, _u1, public), tenants = setup
    before = AuditEvent.objects.count()
    lease = _lease(c, u0, tenants[0], D(2024, 1, 1), D(2026, 1, 1))
    assert AuditEvent.objects.count() == before + 1
    # the next tenant may start the day the previous lease ends; a day earlier overlaps
    _lease(c, u0, tenants[1], D(2026, 1, 1), D(2027, 1, 1))
    with pytest.raises(ValidationFailed) as caught:
        _lease(c, u0, tenants[2], D(2025, 12, 31), D(2026, 6, 1))
    assert "租期不能重叠" in caught.value.detail[0]["message"] and tenants[0].name in caught.value.detail[0]["message"]
    # no registry entry, a public unit, a unit of another carrier, an end before the start: every problem at once
    other = carrier(name="另一载体", units=((80, False),))
    kjt = Organization.objects.get(name="甘肃省科学技术厅")
    with pytest.raises(ValidationFailed) as caught:
        leases.lease_create(
            actor=office(),
            carrier=c,
            data={"unit": other.units.get().pk, "tenant": kjt.pk, "starts_on": "2024-05-01", "ends_on": "2024-04-01"},
        )
    fields = {d["field"]: d["message"] for d in caught.value.detail}
    assert set(fields) == {"unit", "tenant", "ends_on"}
    assert "尚未在企业库登记" in fields["tenant"]
    with pytest.raises(ValidationFailed) as caught:
        _lease(c, public, tenants[2], D(2024, 1, 1), D(2025, 1, 1))
    assert "公共服务空间" in caught.value.detail[0]["message"]
    # moved out early: the unit is free from that day, a second move-out is refused
    leases.lease_end(actor=office(), lease=lease, moved_out_on=D(2025, 3, 1))
    with pytest.raises(Conflict):
        leases.lease_end(actor=office(), lease=lease, moved_out_on=D(2025, 4, 1))
    assert selectors.overlapping(u0.pk, D(2025, 3, 1), D(2025, 12, 1)) == []
    assert AuditEvent.objects.filter(action__startswith="carriers.lease").count() == 3


def test_occupancy_counts_leased_non_public_area_on_the_day(setup):
    c, (u0, u1, _public), tenants = setup
    lease = _lease(c, u0, tenants[0], D(2024, 1, 1), D(2026, 1, 1))
    _lease(c, u1, tenants[0], D(2024, 6, 1), D(2025, 6, 1))
    occ = selectors.occupancy_of(c, D(2024, 3, 1))
    assert (occ.rentable_area, occ.leased_area, occ.rate) == (Decimal(150), Decimal(100), Decimal("66.67"))
    assert (occ.units, occ.units_occupied, occ.tenants) == (2, 1, 1)
    occ = selectors.occupancy_of(c, D(2024, 7, 1))
    assert (occ.leased_area, occ.rate, occ.units_occupied, occ.tenants) == (Decimal(150), Decimal("100.00"), 2, 1)
    assert selectors.occupancy_of(c, D(2025, 6, 1)).leased_area == Decimal(100)  # u1's lease ended that day
    leases.lease_end(actor=office(), lease=lease, moved_out_on=D(2024, 8, 1))
    assert selectors.occupancy_of(c, D(2024, 8, 1)).rate == Decimal("33.33")
    assert selectors.occupancy_of(carrier(name="空载体", units=()), D(2024, 8, 1)).rate is None
    rows = selectors.unit_rows(c, D(2024, 7, 1))
    assert [r.tenant for r in rows] == [tenants[0], tenants[0], None]
    figures = selectors.incubator_figures([c.pk], 2024)
    # at the end of 2024 only u1 (50 of 150 ㎡) is let
    assert figures == {"tenants": 1, "graduated": 0, "area": Decimal("1000.00"), "occupancy": Decimal("33.33")}
    board = selectors.occupancy_board(selectors.carriers_for(office()), D(2024, 7, 1))
    assert [g.region.code for g in board] == ["lzgx"] and board[0].total.leased_area == Decimal(150)


def test_graduation_rules(setup):
    c, (u0, u1, _public), tenants = setup
    day = dt.date.today() - dt.timedelta(days=30)
    holder = hnte_holder(day)
    with pytest.raises(ValidationFailed) as caught:  # never a tenant here
        leases.graduation_record(
            actor=office(), carrier=c, data={"tenant": holder.pk, "graduated_on": day, "criterion": "financing"}
        )
    assert "没有在本载体的入驻记录" in caught.value.detail[0]["message"]
    _lease(c, u0, holder, D(2020, 1, 1), D(2023, 1, 1))
    plain = without_hnte(tenants, day)
    _lease(c, u1, plain, D(2020, 1, 1), D(2023, 1, 1))
    with pytest.raises(ValidationFailed) as caught:  # no valid 高企 in the registry
        leases.graduation_record(
            actor=office(), carrier=c, data={"tenant": plain.pk, "graduated_on": day, "criterion": "hnte"}
        )
    assert caught.value.detail[0]["field"] == "criterion" and "高新技术企业资质" in caught.value.detail[0]["message"]
    g = leases.graduation_record(
        actor=office(), carrier=c, data={"tenant": holder.pk, "graduated_on": day, "criterion": "hnte"}
    )
    assert g.recorded_by == office() and selectors.incubator_figures([c.pk], day.year)["graduated"] == 1
    with pytest.raises(ValidationFailed):  # once per carrier
        leases.graduation_record(
            actor=office(), carrier=c, data={"tenant": holder.pk, "graduated_on": day, "criterion": "merged"}
        )
    building = carrier(name="楼宇", kind="building")
    with pytest.raises(ValidationFailed) as caught:
        leases.graduation_record(
            actor=office(), carrier=building, data={"tenant": holder.pk, "graduated_on": day, "criterion": "merged"}
        )
    assert {"carrier", "tenant"} <= {d["field"] for d in caught.value.detail}


def test_permissions_virtual_registrations_and_platform_link(setup):
    c, (u0, _u1, _p), tenants = setup
    users = {u.username: u for u in User.objects.all()}
    for name in ("leader", "lzgx", "enterprise", "expert"):  # read-only, park staff, other org, operator's expert
        with pytest.raises(Forbidden):
            _lease(c, u0, tenants[0], D(2024, 1, 1), D(2025, 1, 1), actor=users[name])
    with pytest.raises(Forbidden):
        carrier_services.carrier_create(actor=users["lzgx"], data={})
    operator = tenants[3]
    own = carrier(name="企业自营众创空间", kind="makerspace", operator=operator)
    staff = User.objects.create_user(username="op", password="x", role="enterprise", organization=operator)
    _lease(own, own.units.order_by("number")[0], tenants[0], D(2024, 1, 1), D(2025, 1, 1), actor=staff)
    assert list(selectors.carriers_for(staff)) == [own]
    # the park sees both (its region), Baiyin sees none, the tenant sees the carrier it rents in
    assert set(selectors.carriers_for(users["lzgx"])) == {c, own}
    assert list(selectors.carriers_for(users["baiyin"])) == []
    tenant_user = User.objects.create_user(username="t", password="x", role="enterprise", organization=tenants[0])
    assert list(selectors.carriers_for(tenant_user)) == [own]
    assert selectors.tenant_scope(tenant_user, own) == tenants[0].pk
    reg = leases.virtual_register(
        actor=office(),
        carrier=c,
        data={
            "tenant": tenants[1].credit_code,
            "operating_address": "兰州市城关区科技路 1 号",
            "starts_on": "2024-01-01",
        },
    )
    assert reg.registered_address == c.address and reg.tenant == tenants[1]
    with pytest.raises(ValidationFailed):  # already registered there in that period
        data = {"tenant": tenants[1].pk, "operating_address": "x", "starts_on": "2024-06-01"}
        leases.virtual_register(actor=office(), carrier=c, data=data)
    leases.virtual_end(actor=office(), registration=reg, ends_on=D(2024, 12, 31))
    with pytest.raises(Conflict):
        leases.virtual_end(actor=office(), registration=reg, ends_on=D(2025, 1, 31))
    with pytest.raises(NotFound):
        carrier_services.carrier_link_platform(actor=office(), carrier=c, platform_id=10**9)
    carrier_services.carrier_link_platform(actor=office(), carrier=c, platform_id=None)
    assert AuditEvent.objects.filter(action="carriers.carrier.link_platform").exists()
