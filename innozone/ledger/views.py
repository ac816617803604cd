"""The public face of the ledger: the latest signed tree head, its checkpoint, and proofs anyone can check.
Every head served is first recomputed from the stored log (`services.head_sign_current`); if the log does
not give it, the answer is 503 and nothing is signed."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from innozone.core.errors import DomainError

from . import selectors, services


def public(request):
    try:
        head = services.head_sign_current()
    except DomainError as e:
        return render(request, "ledger/public.html", {"broken": e, "origin": settings.LEDGER_ORIGIN}, status=503)
    context = {"head": services.head_as_dict(head), "size": selectors.tree_size(), "origin": settings.LEDGER_ORIGIN}
    return render(request, "ledger/public.html", context)


def head_json(request):
    try:
        return JsonResponse(services.head_as_dict(services.head_sign_current()))
    except DomainError as e:
        return JsonResponse(e.as_dict(), status=e.http_status)


def checkpoint(request):
    """The latest signed head as a checkpoint (text/plain), what witnesses fetch."""
    try:
        text = services.checkpoint_text(services.head_sign_current())
    except DomainError as e:
        return HttpResponse(str(e.message), status=e.http_status, content_type="text/plain; charset=utf-8")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def consistency_json(request, old, new):
    try:
        return JsonResponse(selectors.consistency(old, new))
    except DomainError as e:
        return JsonResponse(e.as_dict(), status=e.http_status)
