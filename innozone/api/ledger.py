"""/api/ledger: the signed tree head and proofs (RFC 9162), readable by anyone logged in."""

from ninja import Router

from innozone.ledger import selectors
from innozone.ledger.services import head_as_dict, head_sign_current

router = Router(tags=["ledger"])


@router.get("/head", summary="Latest signed tree head (signed now if the log grew)")
def head(request):
    return head_as_dict(head_sign_current())


@router.get("/proof/{index}", summary="Inclusion proof of entry INDEX")
def prove(request, index: int, tree_size: int | None = None):
    return selectors.inclusion(index, tree_size)


@router.get("/consistency", summary="Consistency proof between two tree sizes")
def consistency(request, old: int, new: int):
    return selectors.consistency(old, new)
