"""The office's draw page: a draw from typed items is recorded and shown; a pool too small is refused with the
field named and nothing recorded; only the office may draw."""

from django.urls import reverse

from innozone.core.models import User
from innozone.enterprises.models import Enterprise
from innozone.talent.models import Draw


def test_the_office_draws_from_the_page_and_others_may_not(innovation, client):
    uscc = Enterprise.objects.order_by("pk").values_list("uscc", flat=True).first()
    client.force_login(User.objects.get(username="lanzhou"))
    assert client.get(reverse("talent:draw_new")).status_code == 403
    client.force_login(User.objects.get(username="office"))
    before = Draw.objects.count()
    items = f"ref,field,organization_uscc,people\nP-1,新材料,{uscc},张三；李四\nP-2，新能源，，"
    response = client.post(
        reverse("talent:draw_new"), {"purpose": "页面抽取", "items": items, "size": "5", "seed": "s1"}
    )
    draw = Draw.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("talent:draw_detail", args=[draw.pk])
    assert [p["item"] for p in draw.result["panels"]] == ["P-1", "P-2"] and draw.seed == "s1"
    assert draw.items[0]["people"] == ["name:张三", "name:李四"]
    page = client.get(reverse("talent:draw_detail", args=[draw.pk])).content.decode()
    assert "页面抽取" in page and 'id="panel-2"' in page
    refused = client.post(reverse("talent:draw_new"), {"purpose": "太大", "items": "X,新材料,,", "size": "99"})
    assert refused.status_code == 400 and "新材料" in refused.content.decode()
    assert '<span class="data">X</span>' in refused.content.decode()  # the item's own reference
    blank = client.post(reverse("talent:draw_new"), {"purpose": "", "items": "Y,新材料,,", "size": "5"})
    assert "用途</span>" in blank.content.decode() and ">purpose<" not in blank.content.decode()  # a label, not a code
    assert Draw.objects.count() == before + 1
