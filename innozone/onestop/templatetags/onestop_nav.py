"""The one-stop entries of the main navigation: `{% load onestop_nav %}{% onestop_links user as links %}` gives
[(url, label)] — each shown only when the page opens for the user (the same checks the pages use); the lists and
the calendar are tabs of the catalogue's pages (`onestop_tabs`)."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ..permissions import catalogue as permissions

register = template.Library()


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def onestop_links(user) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    links = [(_url("onestop:catalogue"), _("一网通办"))]
    try:
        from ..selectors.cases import nav_links
    except ImportError:
        nav_links = None
    if nav_links is not None:
        allowed = nav_links(user)
        labels = {"case_mine": _("我的办件"), "case_queue": _("办件受理"), "case_list": _("全部办件")}
        for name, label in labels.items():
            if allowed.get(name):
                links.append((_url(f"onestop:{name}"), label))
    try:
        from ..permissions.stats import can_view_stats
    except ImportError:
        can_view_stats = None
    if can_view_stats is not None and can_view_stats(user)[0]:
        links.append((_url("onestop:stats"), _("办件统计")))
    return [(url, label) for url, label in links if url]


@register.simple_tag
def onestop_tabs(user) -> list[tuple[str, str, str]]:
    """The catalogue area's sub-navigation: [(key, url, label)]."""
    tabs = [
        ("catalogue", _url("onestop:catalogue"), _("事项清单")),
        ("powers", _url("onestop:powers"), _("权责清单")),
        ("negatives", _url("onestop:negatives"), _("负面清单")),
    ]
    if permissions.can_view_calendar(user)[0]:
        tabs.append(("calendar", _url("onestop:calendar"), _("工作日历")))
    return [t for t in tabs if t[1]]
