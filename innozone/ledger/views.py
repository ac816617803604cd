"""The public face of the ledger: the latest signed tree head, and proofs anyone can check."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from innozone.core.errors import DomainError

from . import selectors, services


def public(request):
    head = services.head_sign_current()
    context = {"head": services.head_as_dict(head), "size": selectors.tree_size(), "origin": settings.LEDGER_ORIGIN}
    return render(request, "ledger/public.html", context)


def head_json(request):
    return JsonResponse(services.head_as_dict(services.head_sign_current()))


def consistency_json(request, old, new):
    try:
        return JsonResponse(selectors.consistency(old, new))
    except DomainError as e:
        return JsonResponse(e.as_dict(), status=e.http_status)
