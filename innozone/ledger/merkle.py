"""The Merkle log of RFC 9162 §2.1 (Certificate Transparency 2.0), in pure Python.

Hashes are SHA-256: a leaf is SHA-256(0x00 ‖ data), an inner node SHA-256(0x01 ‖ left ‖ right), the root of
n leaves is the Merkle Tree Hash (MTH) of §2.1.1, splitting at k, the largest power of two smaller than n.

Storage answers one question, ``aligned(level, index)``: the hash of the *aligned complete* subtree over
leaves [index·2^level, (index+1)·2^level). Level 0 is the leaf hashes. Every node a proof needs is either
such a subtree or an incomplete range on the tree's right edge, and the latter is computed here from the
aligned subtrees it decomposes into, so storage never hashes anything: it stores the nodes that
``Frontier.append`` reports when a leaf completes them, and looks them up. To fetch all of them in one
query, ask ``required_nodes`` first.

Proof generation follows the recursive definitions of §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF);
verification is the separate iterative algorithms of §2.1.3.2 and §2.1.4.2, so neither checks itself.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH({}) = HASH(), RFC 9162 §2.1.1

Aligned = Callable[[int, int], bytes]
"""``aligned(level, index)``: hash of leaves [index·2^level, (index+1)·2^level), a complete subtree."""

_sha256 = hashlib.sha256
_LEAF = b"\x00"
_NODE = b"\x01"


class Node(NamedTuple):
    """An aligned complete subtree: its level (0 = leaf), its index on that level and its hash."""

    level: int
    index: int
    hash: bytes


def leaf_hash(data: bytes) -> bytes:
    """MTH({d(0)}) = HASH(0x00 ‖ d(0)), RFC 9162 §2.1.1."""
    return _sha256(_LEAF + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """HASH(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), RFC 9162 §2.1.1."""
    return _sha256(_NODE + left + right).digest()


def _split(n: int) -> int:
    """k, the largest power of two smaller than n (n > 1), RFC 9162 §2.1.1."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _check_hash(value: bytes, what: str) -> None:
    if not _is_hash(value):
        raise ValueError(f"{what} must be {HASH_SIZE} bytes")


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) by the literal recursive definition of RFC 9162 §2.1.1 (the reference, O(n))."""
    for h in hashes:
        _check_hash(h, "leaf hash")
    return _mth(hashes, 0, len(hashes)) if hashes else EMPTY_ROOT


def _mth(hashes: Sequence[bytes], start: int, end: int) -> bytes:
    n = end - start
    if n == 1:
        return bytes(hashes[start])
    k = _split(n)
    return node_hash(_mth(hashes, start, start + k), _mth(hashes, start + k, end))


def _subtrees(start: int, size: int) -> list[tuple[int, int]]:
    """The aligned subtrees (level, index) that make up leaves [start, start+size), largest first. Every
    range the recursion of §2.1 reaches starts at a multiple of the smallest power of two ≥ its size, so
    it is one subtree per set bit of size."""
    result = []
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            result.append((level, start >> level))
            start += 1 << level
    return result


def _range_hash(start: int, size: int, aligned: Aligned) -> bytes:
    """MTH(D[start:start+size]): its aligned subtrees folded from the right, as the split rule of §2.1.1
    nests them (only the rightmost range of a level can be incomplete)."""
    hashes = [aligned(level, index) for level, index in _subtrees(start, size)]
    result = hashes.pop()
    while hashes:
        result = node_hash(hashes.pop(), result)
    return result


def root(tree_size: int, aligned: Aligned) -> bytes:
    """MTH of the first tree_size leaves, RFC 9162 §2.1.1, from at most log2(n)+1 aligned subtrees."""
    if tree_size < 0:
        raise ValueError("tree_size must not be negative")
    return _range_hash(0, tree_size, aligned) if tree_size else EMPTY_ROOT


def inclusion_proof(index: int, tree_size: int, aligned: Aligned) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1, ordered from the leaf's sibling up to the root's child."""
    if not 0 <= index < tree_size:
        raise ValueError(f"leaf index {index} is not in a tree of size {tree_size}")
    path = []
    start, size, m = 0, tree_size, index
    while size > 1:
        k = _split(size)
        if m < k:  # PATH(m, D[0:k]) : MTH(D[k:n])
            path.append(_range_hash(start + k, size - k, aligned))
            size = k
        else:  # PATH(m - k, D[k:n]) : MTH(D[0:k])
            path.append(_range_hash(start, k, aligned))
            start, size, m = start + k, size - k, m - k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, aligned: Aligned) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, for 0 < m ≤ n (empty when m = n).

    A proof from the empty tree is refused: it would prove nothing (the vectors treat it as an error)."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    path = []
    start, size, m, complete = 0, new_size, old_size, True
    while m < size:
        k = _split(size)
        if m <= k:  # SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
            path.append(_range_hash(start + k, size - k, aligned))
            size = k
        else:  # SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
            path.append(_range_hash(start, k, aligned))
            start, size, m, complete = start + k, size - k, m - k, False
    if not complete:  # SUBPROOF(m, D[m], false) = {MTH(D[m])}
        path.append(_range_hash(start, size, aligned))
    path.reverse()
    return path


def required_nodes(proof: Callable[..., object], *args: int) -> list[tuple[int, int]]:
    """The (level, index) pairs that ``proof(*args, aligned)`` will ask for, in order, so storage can load
    them in one query: ``required_nodes(inclusion_proof, 5, 1000)``."""
    asked: list[tuple[int, int]] = []

    def record(level: int, index: int) -> bytes:
        asked.append((level, index))
        return EMPTY_ROOT

    proof(*args, record)
    return asked


def verify_inclusion(leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """The inclusion proof verification algorithm of RFC 9162 §2.1.3.2, step by step."""
    if not (_is_hash(leaf_hash) and _is_hash(root) and all(_is_hash(p) for p in proof)):
        return False
    if not 0 <= index < tree_size:  # 1.
        return False
    fn, sn = index, tree_size - 1  # 2.
    r = leaf_hash  # 3.
    for p in proof:  # 4.
        if sn == 0:  # 4a.
            return False
        if fn & 1 or fn == sn:  # 4b.
            r = node_hash(p, r)
            while fn and not fn & 1:  # until LSB(fn) is set or fn is 0
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1  # 4c.
    return sn == 0 and r == root  # 5.


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """The consistency proof verification algorithm of RFC 9162 §2.1.4.2, step by step, for 0 < first < second.

    Outside that range: a tree is consistent with itself (same size, same root, empty proof); a proof from
    the empty tree or to a smaller tree fails, as in the published vectors."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not (_is_hash(old_root) and _is_hash(new_root) and all(_is_hash(p) for p in proof)):
        return False
    if not proof:  # 1.
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # 2.
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1  # 3.
    while fn & 1:  # 4.
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]  # 5.
    for c in path[1:]:  # 6.
        if sn == 0:  # 6a.
            return False
        if fn & 1 or fn == sn:  # 6b.
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:  # until LSB(fn) is set or fn is 0
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1  # 6c.
    return fr == old_root and sr == new_root and sn == 0  # 7.


def build_levels(leaf_hashes: Iterable[bytes]) -> list[bytes]:
    """Every aligned complete subtree of a tree, level by level: ``levels[l]`` packs the 32-byte hashes of
    the floor(n / 2^l) subtrees of size 2^l, in order (levels[0] is the leaves). One bytes object per level
    instead of one per node keeps a million-leaf tree at 64 MB."""
    level = list(leaf_hashes)
    if set(map(len, level)) - {HASH_SIZE}:
        raise ValueError(f"leaf hashes must be {HASH_SIZE} bytes")
    levels = [b"".join(level)]
    while len(level) > 1:
        pairs = zip(level[0::2], level[1::2], strict=False)  # an odd last node has no complete parent yet
        level = [_sha256(_NODE + left + right).digest() for left, right in pairs]
        levels.append(b"".join(level))
    return levels


class MemoryTree:
    """A whole tree held in memory (tests and ``ledger verify``): leaf hashes plus every aligned node."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels = build_levels(leaf_hashes)

    @property
    def size(self) -> int:
        return len(self._levels[0]) // HASH_SIZE

    def aligned(self, level: int, index: int) -> bytes:
        """Hash of leaves [index·2^level, (index+1)·2^level); IndexError if that subtree is not complete."""
        if not (0 <= level < len(self._levels) and 0 <= index < len(self._levels[level]) // HASH_SIZE):
            raise IndexError(f"no complete subtree at level {level}, index {index} in a tree of size {self.size}")
        offset = index * HASH_SIZE
        return self._levels[level][offset : offset + HASH_SIZE]

    def root(self, tree_size: int | None = None) -> bytes:
        return root(self.size if tree_size is None else tree_size, self.aligned)

    def inclusion_proof(self, index: int, tree_size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self.size if tree_size is None else tree_size, self.aligned)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        return consistency_proof(old_size, self.size if new_size is None else new_size, self.aligned)


class Frontier:
    """The compact range [0, size) of a growing log: the roots of its aligned complete subtrees, one per set
    bit of size, largest (leftmost) first. An append hashes at most log2(n) times and reports the subtrees it
    completes; the root (RFC 9162 §2.1.1) folds the frontier from the right, also O(log n)."""

    __slots__ = ("_nodes", "_size")

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if size < 0 or len(nodes) != size.bit_count():
            raise ValueError(f"a tree of size {size} has {max(size, 0).bit_count()} frontier nodes, not {len(nodes)}")
        for node in nodes:
            _check_hash(node, "frontier node")
        self._size = size
        self._nodes = [bytes(node) for node in nodes]

    @property
    def size(self) -> int:
        return self._size

    @property
    def nodes(self) -> tuple[bytes, ...]:
        return tuple(self._nodes)

    def append(self, leaf_hash: bytes) -> list[Node]:
        """Add a leaf; return the aligned subtrees it completes, the leaf itself (level 0) first."""
        _check_hash(leaf_hash, "leaf hash")
        level, index, node = 0, self._size, bytes(leaf_hash)
        completed = [Node(0, index, node)]
        while index & 1:
            node = node_hash(self._nodes.pop(), node)
            level, index = level + 1, index >> 1
            completed.append(Node(level, index, node))
        self._nodes.append(node)
        self._size += 1
        return completed

    def root(self) -> bytes:
        """MTH(D[size]): the frontier folded from the right, as the split rule of §2.1.1 nests it."""
        if not self._nodes:
            return EMPTY_ROOT
        result = self._nodes[-1]
        for node in reversed(self._nodes[:-1]):
            result = node_hash(node, result)
        return result

    def to_hex(self) -> list[str]:
        """The frontier nodes as hex strings; store them with ``size`` to restore with ``from_hex``."""
        return [node.hex() for node in self._nodes]

    @classmethod
    def from_hex(cls, size: int, nodes: Sequence[str]) -> "Frontier":
        return cls(size, [bytes.fromhex(node) for node in nodes])

    @classmethod
    def from_aligned(cls, size: int, aligned: Aligned) -> "Frontier":
        """Rebuild the frontier of the first ``size`` leaves from stored aligned subtrees."""
        return cls(size, [aligned(level, index) for level, index in _subtrees(0, size)])
