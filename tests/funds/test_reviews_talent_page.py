"""Talent's own assignment page takes one score; a fund application is scored per criterion, so an expert who
opens a call's assignment there (from the draw notice or talent's review list) lands on the funds scoring page."""

from django.urls import reverse

from innozone.funds.models import Review
from innozone.funds.services import draws
from tests.funds.test_reviews_world import expert_user, make_call


def test_talent_assignment_page_of_a_fund_review_leads_to_the_scoring_page(client, innovation):
    w = make_call(n=1)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="talent-page")
    review = Review.objects.filter(application__call=w["call"]).first()
    client.force_login(expert_user(review))
    response = client.get(reverse("talent:assignment", args=[review.assignment_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("funds:review", args=[review.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert w["criteria"][0].name in page.content.decode()
