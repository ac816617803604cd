"""A co-applicant counts as the applicant in the panel draw: no expert employed by a co-applicant (or by one of
its registry related parties) reviews the application."""

from django.db.models import Count

from innozone.funds.models import CoApplicant, Review
from innozone.funds.services import draws
from innozone.talent.models import Expert
from innozone.talent.services.draws import ItemInput, org_key, resolve_items
from tests.funds.test_reviews_world import busiest_field, make_call


def test_a_co_applicant_is_among_the_items_related_organizations(innovation):
    employer = Expert.objects.exclude(employer=None).values_list("employer_id", flat=True).first()
    [item], problems = resolve_items(
        [ItemInput(ref="A1", field="新材料", organization_id=None, uscc="", co_organization_ids=[employer])]
    )
    assert problems == []
    assert org_key(employer) in item.related


def test_no_expert_of_a_co_applicant_is_drawn(innovation):
    field = busiest_field()
    # the organization employing most experts of the field joins every application as a co-applicant
    employer_id = (
        Expert.objects.filter(status="active", fields__name=field)
        .exclude(employer=None)
        .values("employer_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["employer_id"]
    )
    w = make_call(n=2)
    for app in w["apps"]:
        CoApplicant.objects.create(application=app, organization_id=employer_id, role="合作研发")
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="co-applicant")
    drawn = Review.objects.filter(application__call=w["call"]).values_list("expert_id", flat=True)
    employers = set(Expert.objects.filter(pk__in=list(drawn)).values_list("employer_id", flat=True))
    assert drawn and employer_id not in employers
    assert draws.co_applicant_conflicts(w["call"]) == []
