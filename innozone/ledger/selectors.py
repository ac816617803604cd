"""Reading the ledger: proofs built from stored nodes (a handful of queries per proof)."""

from __future__ import annotations

from django.db.models import Q

from innozone.core.errors import NotFound, ValidationFailed

from . import merkle
from .models import LedgerEntry, LedgerNode, LedgerState


def tree_size() -> int:
    state = LedgerState.objects.filter(id=1).first()
    return state.size if state else 0


def _aligned_from_db(pairs: list[tuple[int, int]]):
    """An `aligned` lookup answering the given (level, index) pairs from two queries."""
    leaves = [i for level, i in pairs if level == 0]
    inner = [(level, i) for level, i in pairs if level > 0]
    found: dict[tuple[int, int], bytes] = {}
    for index, leaf in LedgerEntry.objects.filter(index__in=leaves).values_list("index", "leaf_hash"):
        found[(0, index)] = bytes(leaf)
    if inner:
        q = Q()
        for level, i in inner:
            q |= Q(level=level, index=i)
        for level, i, h in LedgerNode.objects.filter(q).values_list("level", "index", "hash"):
            found[(level, i)] = bytes(h)

    def aligned(level: int, index: int) -> bytes:
        return found[(level, index)]

    return aligned


def inclusion(index: int, size: int | None = None) -> dict:
    """{"index", "tree_size", "leaf_hash", "audit_path"} for entry `index` in the tree of `size`."""
    logged = tree_size()
    size = logged if size is None else size
    if not 0 <= size <= logged:
        raise ValidationFailed(detail=[{"field": "tree_size", "message": f"0 <= tree_size <= {logged}"}])
    if not 0 <= index < size:
        raise NotFound(detail=[{"field": "index", "message": f"0 <= index < {size}"}])
    pairs = merkle.required_nodes(merkle.inclusion_proof, index, size)
    aligned = _aligned_from_db([*pairs, (0, index)])
    path = merkle.inclusion_proof(index, size, aligned)
    return {
        "index": index,
        "tree_size": size,
        "leaf_hash": aligned(0, index).hex(),
        "audit_path": [h.hex() for h in path],
    }


def consistency(old_size: int, new_size: int) -> dict:
    """RFC 9162 §2.1.4: a proof between two trees the log has had, 0 < old <= new (none from the empty tree)."""
    logged = tree_size()
    if not 0 < old_size <= new_size <= logged:
        raise ValidationFailed(detail=[{"field": "old", "message": f"0 < old <= new <= {logged}"}])
    pairs = merkle.required_nodes(merkle.consistency_proof, old_size, new_size)
    path = merkle.consistency_proof(old_size, new_size, _aligned_from_db(pairs))
    return {"old_size": old_size, "new_size": new_size, "proof": [h.hex() for h in path]}


def root_at(size: int) -> bytes:
    pairs = merkle.required_nodes(merkle.root, size)
    return merkle.root(size, _aligned_from_db(pairs))


def entries_for(subject_type: str, subject_id: int):
    return LedgerEntry.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("index")
