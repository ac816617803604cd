"""The Merkle log against the published RFC 6962/9162 vectors, and its proofs against the RFC's own
recursive definition of the tree hash (``root_from_leaf_hashes``) for every shape up to a few hundred
leaves.

The vectors (transparency-dev/merkle testdata) are read from shared/data/merkle-vectors/ beside the
repository, or from tests/ledger/data/merkle-vectors/ if they have been copied there."""

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innozone.ledger.merkle import (
    EMPTY_ROOT,
    Frontier,
    MemoryTree,
    Node,
    build_levels,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    required_nodes,
    root,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (
    _HERE.parents[1].parent / "shared" / "data" / "merkle-vectors",
    _HERE / "data" / "merkle-vectors",
)
VECTORS = next((d for d in _CANDIDATES if (d / "reference-trees.json").exists()), None)


def _vector_files(kind: str) -> list[Path]:
    return sorted((VECTORS / kind).glob("*/*.json")) if VECTORS else []


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _load(path: Path) -> dict:
    vector = json.loads(path.read_text())
    vector["proof"] = [base64.b64decode(p) for p in vector["proof"] or []]
    return vector


def _reference() -> tuple[list[bytes], list[bytes]]:
    data = json.loads((VECTORS / "reference-trees.json").read_text())
    leaves = [leaf_hash(bytes.fromhex(x)) for x in data["leaf_inputs_hex"]]
    return leaves, [bytes.fromhex(r) for r in data["root_hashes_hex_by_tree_size"]]


def _leaves(n: int, salt: int = 0) -> list[bytes]:
    return [leaf_hash(f"{salt}:{i}".encode()) for i in range(n)]


def _flip(data: bytes, bit: int) -> bytes:
    bit %= len(data) * 8
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


# --- published vectors -------------------------------------------------------------------------------


def test_published_vectors_are_present():
    if VECTORS is None:
        pytest.skip("merkle-vectors are neither in shared/data/ beside this checkout nor in tests/ledger/data/")
    assert len(_vector_files("inclusion")) > 80
    assert len(_vector_files("consistency")) > 80


@pytest.mark.parametrize("size", range(9))
def test_reference_tree_roots(size):
    if VECTORS is None:
        pytest.skip("merkle-vectors not found")
    leaves, roots = _reference()
    frontier = Frontier()
    for leaf in leaves[:size]:
        frontier.append(leaf)
    assert root_from_leaf_hashes(leaves[:size]) == roots[size]
    assert MemoryTree(leaves).root(size) == roots[size]
    assert frontier.root() == roots[size]


def test_empty_tree_root_is_hash_of_nothing():
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root_from_leaf_hashes([]) == EMPTY_ROOT == Frontier().root() == MemoryTree().root()


@pytest.mark.parametrize("path", _vector_files("inclusion"), ids=_id)
def test_published_inclusion_vector(path):
    v = _load(path)
    b64 = base64.b64decode
    ok = verify_inclusion(b64(v["leafHash"]), v["leafIdx"], v["treeSize"], v["proof"], b64(v["root"]))
    assert ok is not v["wantErr"], v["desc"]


@pytest.mark.parametrize("path", _vector_files("consistency"), ids=_id)
def test_published_consistency_vector(path):
    v = _load(path)
    b64 = base64.b64decode
    ok = verify_consistency(v["size1"], v["size2"], b64(v["root1"]), b64(v["root2"]), v["proof"])
    assert ok is not v["wantErr"], v["desc"]


def _happy(kind: str) -> list[Path]:
    return [p for p in _vector_files(kind) if p.stem == "happy-path" and p.parent.name.isdigit()]


@pytest.mark.parametrize("path", _happy("inclusion"), ids=_id)
def test_generated_inclusion_proof_is_the_published_one(path):
    v = _load(path)
    leaves, _ = _reference()
    assert MemoryTree(leaves).inclusion_proof(v["leafIdx"], v["treeSize"]) == v["proof"]


@pytest.mark.parametrize("path", _happy("consistency"), ids=_id)
def test_generated_consistency_proof_is_the_published_one(path):
    v = _load(path)
    leaves, _ = _reference()
    assert MemoryTree(leaves).consistency_proof(v["size1"], v["size2"]) == v["proof"]


# --- every proof of every small tree verifies against the RFC's recursive tree hash ------------------


def test_every_proof_of_every_tree_up_to_64_leaves_verifies():
    leaves = _leaves(64)
    tree = MemoryTree(leaves)
    roots = [root_from_leaf_hashes(leaves[:n]) for n in range(65)]
    for n in range(1, 65):
        for index in range(n):
            assert verify_inclusion(leaves[index], index, n, tree.inclusion_proof(index, n), roots[n])
        for m in range(1, n + 1):
            assert verify_consistency(m, n, roots[m], roots[n], tree.consistency_proof(m, n))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 300), salt=st.integers(0, 2**32))
def test_every_inclusion_and_consistency_proof_into_a_tree_verifies(n, salt):
    leaves = _leaves(n, salt)
    tree = MemoryTree(leaves)
    new_root = root_from_leaf_hashes(leaves)
    for index in range(n):
        assert verify_inclusion(leaves[index], index, n, tree.inclusion_proof(index), new_root)
    for m in range(1, n + 1):
        old_root = root_from_leaf_hashes(leaves[:m])
        assert verify_consistency(m, n, old_root, new_root, tree.consistency_proof(m))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n=st.integers(1, 300))
def test_consistency_between_any_two_sizes_verifies(data, n):
    leaves = _leaves(n)
    tree = MemoryTree(leaves)
    m = data.draw(st.integers(1, n))
    k = data.draw(st.integers(1, m))
    proof = tree.consistency_proof(k, m)
    assert verify_consistency(k, m, root_from_leaf_hashes(leaves[:k]), root_from_leaf_hashes(leaves[:m]), proof)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), n=st.integers(1, 300), bit=st.integers(0, 255))
def test_a_flipped_bit_breaks_an_inclusion_proof(data, n, bit):
    leaves = _leaves(n)
    index = data.draw(st.integers(0, n - 1))
    proof = MemoryTree(leaves).inclusion_proof(index)
    good_root = root_from_leaf_hashes(leaves)
    assert verify_inclusion(leaves[index], index, n, proof, good_root)
    assert not verify_inclusion(_flip(leaves[index], bit), index, n, proof, good_root)
    assert not verify_inclusion(leaves[index], index, n, proof, _flip(good_root, bit))
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        bad = [*proof[:at], _flip(proof[at], bit), *proof[at + 1 :]]
        assert not verify_inclusion(leaves[index], index, n, bad, good_root)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), n=st.integers(2, 300), bit=st.integers(0, 255))
def test_a_flipped_bit_breaks_a_consistency_proof(data, n, bit):
    leaves = _leaves(n)
    m = data.draw(st.integers(1, n - 1))
    proof = MemoryTree(leaves).consistency_proof(m)
    old_root, new_root = root_from_leaf_hashes(leaves[:m]), root_from_leaf_hashes(leaves)
    assert verify_consistency(m, n, old_root, new_root, proof)
    assert not verify_consistency(m, n, _flip(old_root, bit), new_root, proof)
    assert not verify_consistency(m, n, old_root, _flip(new_root, bit), proof)
    at = data.draw(st.integers(0, len(proof) - 1))
    bad = [*proof[:at], _flip(proof[at], bit), *proof[at + 1 :]]
    assert not verify_consistency(m, n, old_root, new_root, bad)


def test_a_changed_leaf_is_not_consistent_with_the_old_head():
    leaves = _leaves(20)
    old_root = root_from_leaf_hashes(leaves[:13])
    rewritten = [*leaves[:7], leaf_hash(b"forged"), *leaves[8:]]
    proof = MemoryTree(rewritten).consistency_proof(13)
    assert not verify_consistency(13, 20, old_root, root_from_leaf_hashes(rewritten), proof)


def test_a_proof_from_the_wrong_position_or_size_fails():
    leaves = _leaves(11)
    tree, good_root = MemoryTree(leaves), root_from_leaf_hashes(leaves)
    proof = tree.inclusion_proof(5)
    assert verify_inclusion(leaves[5], 5, 11, proof, good_root)
    assert not verify_inclusion(leaves[5], 4, 11, proof, good_root)
    assert not verify_inclusion(leaves[5], 5, 22, proof, good_root)
    assert not verify_inclusion(leaves[5], 5, 11, [*proof, proof[0]], good_root)
    assert not verify_inclusion(leaves[5], 5, 11, proof[:-1], good_root)


def test_hashes_of_the_wrong_length_are_rejected():
    leaves = _leaves(6)
    tree, good_root = MemoryTree(leaves), root_from_leaf_hashes(leaves)
    assert not verify_inclusion(leaves[2][:31], 2, 6, tree.inclusion_proof(2), good_root)
    assert not verify_inclusion(leaves[2], 2, 6, tree.inclusion_proof(2), good_root + b"\0")
    old_root = root_from_leaf_hashes(leaves[:3])
    assert not verify_consistency(3, 6, old_root, good_root, [*tree.consistency_proof(3)[:-1], b"\0" * 31])


def test_proofs_of_impossible_sizes_are_refused():
    tree = MemoryTree(_leaves(5))
    with pytest.raises(ValueError):
        tree.inclusion_proof(5)
    with pytest.raises(ValueError):
        tree.inclusion_proof(-1)
    with pytest.raises(ValueError):
        tree.consistency_proof(0, 5)
    with pytest.raises(ValueError):
        tree.consistency_proof(4, 3)
    with pytest.raises(ValueError):
        root(-1, tree.aligned)
    assert tree.consistency_proof(5) == []


# --- storage is asked for aligned complete subtrees only ---------------------------------------------


def _strict_storage(tree: MemoryTree, tree_size: int, asked: list):
    """``aligned`` that fails on any subtree not complete within the first tree_size leaves."""

    def aligned(level: int, index: int) -> bytes:
        assert (index + 1) << level <= tree_size, (level, index, tree_size)
        asked.append((level, index))
        return tree.aligned(level, index)

    return aligned


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n=st.integers(1, 300))
def test_proofs_ask_storage_only_for_complete_subtrees_within_the_tree(data, n):
    leaves = _leaves(n)
    tree = MemoryTree(leaves)
    index, m = data.draw(st.integers(0, n - 1)), data.draw(st.integers(1, n))
    asked: list = []
    aligned = _strict_storage(tree, n, asked)
    assert root(n, aligned) == root_from_leaf_hashes(leaves)
    assert inclusion_proof(index, n, aligned) == tree.inclusion_proof(index)
    assert consistency_proof(m, n, aligned) == tree.consistency_proof(m)
    expected = required_nodes(root, n) + required_nodes(inclusion_proof, index, n)
    expected += required_nodes(consistency_proof, m, n)
    assert asked == expected


def test_a_root_needs_one_subtree_per_set_bit_of_the_size():
    assert required_nodes(root, 13) == [(3, 0), (2, 2), (0, 12)]
    assert required_nodes(root, 1 << 20) == [(20, 0)]


# --- build_levels and MemoryTree ---------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 300))
def test_build_levels_holds_every_aligned_subtree(n):
    leaves = _leaves(n)
    levels = build_levels(leaves)
    assert levels[0] == b"".join(leaves)
    for level, packed in enumerate(levels):
        width = 1 << level
        assert len(packed) == 32 * (n // width)
        for index in range(n // width):
            expected = root_from_leaf_hashes(leaves[index * width : (index + 1) * width])
            assert packed[32 * index : 32 * index + 32] == expected
    assert n < 2 or len(levels) == n.bit_length()


def test_memory_tree_refuses_incomplete_subtrees():
    tree = MemoryTree(_leaves(6))
    assert tree.size == 6
    tree.aligned(1, 2)
    for level, index in [(1, 3), (2, 1), (3, 0), (0, 6), (0, -1)]:
        with pytest.raises(IndexError):
            tree.aligned(level, index)


def test_leaf_hashes_must_be_32_bytes():
    with pytest.raises(ValueError):
        MemoryTree([b"short"])
    with pytest.raises(ValueError):
        root_from_leaf_hashes([b"\0" * 33])
    with pytest.raises(ValueError):
        Frontier().append(b"\0" * 31)


def test_a_large_tree_agrees_with_the_reference():
    leaves = _leaves(5000)
    tree = MemoryTree(leaves)
    good_root = root_from_leaf_hashes(leaves)
    assert tree.root() == good_root
    for index in (0, 4095, 4096, 4999):
        assert verify_inclusion(leaves[index], index, 5000, tree.inclusion_proof(index), good_root)
    for m in (1, 4095, 4096, 4097, 4999):
        old_root = root_from_leaf_hashes(leaves[:m])
        assert verify_consistency(m, 5000, old_root, good_root, tree.consistency_proof(m))


# --- Frontier ----------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 300), salt=st.integers(0, 2**32))
def test_frontier_root_is_the_tree_hash_of_every_prefix(n, salt):
    leaves = _leaves(n, salt)
    frontier = Frontier()
    assert frontier.root() == EMPTY_ROOT
    for size, leaf in enumerate(leaves, start=1):
        frontier.append(leaf)
        assert frontier.size == size
        assert frontier.root() == root_from_leaf_hashes(leaves[:size])


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 300))
def test_frontier_emits_every_aligned_subtree_once_when_it_completes(n):
    leaves = _leaves(n)
    tree = MemoryTree(leaves)
    frontier, emitted = Frontier(), []
    for size, leaf in enumerate(leaves, start=1):
        completed = frontier.append(leaf)
        assert completed[0] == Node(0, size - 1, leaf)
        for level, index, node in completed:
            assert (index + 1) << level == size  # completed by exactly this leaf
            assert node == tree.aligned(level, index)
        emitted += [(level, index) for level, index, _ in completed]
    every = [(level, index) for level in range(n.bit_length()) for index in range(n >> level)]
    assert sorted(emitted) == sorted(every)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 300), more=st.integers(1, 40))
def test_frontier_restored_from_hex_or_storage_carries_on(n, more):
    leaves = _leaves(n + more)
    tree = MemoryTree(leaves)
    frontier = Frontier()
    for leaf in leaves[:n]:
        frontier.append(leaf)
    restored = Frontier.from_hex(n, json.loads(json.dumps(frontier.to_hex())))
    rebuilt = Frontier.from_aligned(n, tree.aligned)
    assert restored.nodes == rebuilt.nodes == frontier.nodes
    for leaf in leaves[n:]:
        assert restored.append(leaf) == frontier.append(leaf)
    assert restored.root() == root_from_leaf_hashes(leaves)


def test_frontier_refuses_the_wrong_number_of_nodes():
    node = "00" * 32
    with pytest.raises(ValueError):
        Frontier.from_hex(3, [node])  # 3 = 2 + 1 needs two nodes
    with pytest.raises(ValueError):
        Frontier.from_hex(-1, [])
    with pytest.raises(ValueError):
        Frontier.from_hex(1, ["00" * 31])
    assert Frontier.from_hex(4, [node]).size == 4
