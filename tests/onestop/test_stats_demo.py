"""The statistics over the one-stop demo (cases in every state, dated back from today): the figures agree with
the rows and with the case clock the case pages show."""

from collections import Counter

from django.urls import reverse
from django.utils import timezone

from innozone.onestop.models import Case, Rating
from innozone.onestop.selectors.cases import clock_of
from innozone.onestop.selectors.stats import OPEN, service_stats


def test_demo_figures_agree_with_the_rows_and_the_clock(busy_policies):
    today = timezone.localdate()
    s = service_stats(year=today.year)
    assert s["total"]["received"] == Case.objects.filter(submitted_at__year=today.year).count() > 0
    assert s["total"]["ratings"] == Rating.objects.filter(rated_at__year=today.year).count()
    clocks = [clock_of(c) for c in Case.objects.filter(status__in=OPEN, accepted_at__isnull=False)]
    levels = Counter(c.level for c in clocks if c is not None)
    assert {k: v for k, v in s["open"]["levels"].items() if v} == dict(levels)
    # the demo has a case on yellow, one on red, one overdue and one paused for expert review
    for level in ("yellow", "red", "overdue", "paused"):
        assert s["open"]["levels"][level] >= 1, level


def test_demo_pages_for_the_leader(client, users, busy_policies):
    client.force_login(users["leader"])
    r = client.get(reverse("onestop:stats"))
    assert r.status_code == 200 and 'id="stats-chart"' in r.content.decode()
    assert "甘肃省科学技术厅" in r.content.decode()
    r = client.get(reverse("cockpit:dashboard"))
    assert r.status_code == 200 and 'id="services-card"' in r.content.decode()
