"""The issue's journey through the services: a lead from the 兰洽会 becomes a signed project, its enterprise
registers in the park, funds in place are reported, and the chain map shows the gap filled."""

from decimal import Decimal

from django.urls import reverse

from innozone.investment.demo.chains import journey_link
from innozone.investment.models import Fair
from innozone.investment.selectors.chains import chain_gaps
from innozone.investment.services import funds as funds_services
from innozone.investment.services import projects as services

from .pipeline_helpers import days_ago, park_with_enterprise


def test_lead_from_the_fair_fills_the_gap(investment_world, users, client):
    link = journey_link()
    assert link is not None
    before, _ = chain_gaps(link.chain)
    assert before.links[link.pk].status == "gap"
    fair = Fair.objects.filter(kind="lanqia").order_by("-starts_on").first()
    park, org = park_with_enterprise()
    office = users["office"]
    data = {"name": "原油深加工项目", "investor": "某石化集团", "source": "lanqia", "fair": fair.pk, "link": link.pk,
            "park": park.pk, "planned_investment": "2000000000"}  # fmt: skip
    p = services.project_create(actor=office, data=data, on=days_ago(60))
    services.project_move(actor=office, project=p, stage="negotiating")
    services.project_move(actor=office, project=p, stage="signed", dates={"signed_on": days_ago(40)},
                          signed_investment="1800000000", contract_no="HT-001")  # fmt: skip
    services.project_move(actor=office, project=p, stage="registered", dates={"registered_on": days_ago(20)},
                          enterprise=org.pk)  # fmt: skip
    row = funds_services.funds_report(actor=office, project=p, month=days_ago(0), amount="300000000")
    assert row.amount == Decimal("300000000.00")
    after, _ = chain_gaps(link.chain)
    assert after.links[link.pk].status != "gap"
    assert after.summary.gaps == before.summary.gaps - 1
    client.force_login(office)
    html = client.get(reverse("investment:project", args=[p.pk])).content.decode()
    assert org.name in html and "300,000,000.00" in html and fair.name in html
