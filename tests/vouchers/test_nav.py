"""The 创新券 menu link shows only to users for whom the voucher home opens."""

import pytest
from django.urls import reverse

from innozone.core.models import User


@pytest.mark.parametrize(
    "username, shown",
    [
        ("office", True),
        ("leader", True),
        ("enterprise", True),
        ("provider", True),
        ("lzgx", False),
        ("expert", False),
        ("lanzhou", False),
    ],
)
def test_the_voucher_link_shows_exactly_where_the_page_opens(client, scheme, username, shown):
    client.force_login(User.objects.get(username=username))
    page = client.get(
        reverse("plans:mine") if username in ("lzgx", "lanzhou") else reverse("enterprises:list"), follow=True
    )
    home = reverse("vouchers:home")
    assert (f'href="{home}"' in page.content.decode()) is shown
    opened = client.get(home, follow=True)
    assert (opened.status_code == 200) is shown
