"""/api/ledger: the signed tree head and proofs (RFC 9162), readable by anyone logged in."""

from ninja import Router, Schema

from innozone.ledger import selectors
from innozone.ledger.services import head_as_dict, head_sign_current

router = Router(tags=["ledger"])


class LedgerHeadOut(Schema):
    tree_size: int
    root_hash: str
    timestamp: int
    signature: str
    public_key: str
    origin: str


class LedgerInclusionProofOut(Schema):
    index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str]


class LedgerConsistencyProofOut(Schema):
    old_size: int
    new_size: int
    proof: list[str]


@router.get("/head", response=LedgerHeadOut, summary="Latest signed tree head (signed now if the log grew)")
def head(request):
    return head_as_dict(head_sign_current())


@router.get("/proof/{index}", response=LedgerInclusionProofOut, summary="Inclusion proof of entry INDEX")
def prove(request, index: int, tree_size: int | None = None):
    return selectors.inclusion(index, tree_size)


@router.get("/consistency", response=LedgerConsistencyProofOut, summary="Consistency proof between two tree sizes")
def consistency(request, old: int, new: int):
    return selectors.consistency(old, new)
