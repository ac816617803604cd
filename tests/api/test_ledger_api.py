"""/api/ledger: the signed head and proofs, as documented in the OpenAPI schema."""

from innozone.ledger import merkle


def test_head_and_proofs_verify(client, api, busy_scheme):
    from innozone.core.models import User

    api.as_user(User.objects.get(username="enterprise"))
    head = api.get("/api/ledger/head").json()
    assert set(head) == {"tree_size", "root_hash", "timestamp", "signature", "public_key", "origin"}
    size, root = head["tree_size"], bytes.fromhex(head["root_hash"])
    assert size > 5
    proof = api.get(f"/api/ledger/proof/{size - 2}?tree_size={size}").json()
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    assert merkle.verify_inclusion(bytes.fromhex(proof["leaf_hash"]), size - 2, size, path, root)
    older = api.get("/api/ledger/proof/0?tree_size=3").json()
    assert older["tree_size"] == 3
    consistency = api.get(f"/api/ledger/consistency?old=3&new={size}").json()
    assert consistency["old_size"] == 3 and consistency["new_size"] == size and consistency["proof"]
    assert api.get(f"/api/ledger/proof/{size}").status_code == 404
    assert api.get(f"/api/ledger/consistency?old={size}&new=1").status_code == 422


def test_the_ledger_api_needs_a_login(client, busy_scheme):
    assert client.get("/api/ledger/head").status_code == 401


def test_published_schema_names_the_ledger_responses(client):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"LedgerHeadOut", "LedgerInclusionProofOut", "LedgerConsistencyProofOut"} <= set(components)
