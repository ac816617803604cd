"""The demo of issue 13 with activity: recognitions at every step, one in 公示 with an objection waiting for an
answer, the 2020 indicators 创新平台 and 创新团队 with numbers by city, everything sealed in the ledger; a second
run adds nothing."""

from decimal import Decimal

from innozone.core import publicity, regions
from innozone.core.demo import seed_all
from innozone.core.models import Region
from innozone.core.sources import named_totals, total_within
from innozone.ledger.verify import verify
from innozone.platforms.models import Platform, Recognition, Team
from innozone.talent.models import Draw, Expert


def test_demo_has_every_step_and_reruns_to_nothing(busy_innovation):
    pending = Recognition.objects.filter(status=Recognition.Status.PENDING).select_related("approval")
    assert sorted(r.approval.stage for r in pending) == [1, 2, 3, 4]
    assert Recognition.objects.filter(status=Recognition.Status.RECOGNISED).count() == 1
    in_notice = next(r for r in pending if r.approval.stage == 4)
    notice = publicity.publicity_of(in_notice.approval)
    assert publicity.is_running(notice) and notice.objections.filter(answered_at=None).count() == 1
    assert Draw.objects.count() == 3 and Expert.objects.filter(user__isnull=False).count() >= 5

    tree = regions.tree()
    lz, by = Region.objects.get(code="lz").pk, Region.objects.get(code="by").pk
    platforms = named_totals("platforms:创新平台", 2020)
    teams = named_totals("platforms:创新团队", 2020)
    assert (total_within(platforms, lz, tree), total_within(platforms, by, tree)) == (Decimal(12), Decimal(4))
    assert (total_within(teams, lz, tree), total_within(teams, by, tree)) == (Decimal(9), Decimal(3))
    assert verify().ok

    counts = (Platform.objects.count(), Team.objects.count(), Recognition.objects.count(), Draw.objects.count())
    seed_all(with_activity=True, only=("talent", "carriers", "platforms"))
    assert (Platform.objects.count(), Team.objects.count(), Recognition.objects.count(), Draw.objects.count()) == counts
