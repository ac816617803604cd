"""What the IP pages read from a POST: plain dicts passed to the services (which validate everything)."""

ASSET_FIELDS = (
    "kind",
    "number",
    "title",
    "filed_on",
    "granted_on",
    "classification",
    "inventors",
    "co_owners",
    "fees_paid_through",
    "status",
)
TRANSACTION_FIELDS = (
    "kind",
    "counterpart",
    "counterpart_org_id",
    "contract_no",
    "signed_on",
    "registered_on",
    "amount",
    "ends_on",
    "loan_id",
)


def asset_data(post) -> dict:
    return {k: post.get(k, "").strip() for k in ASSET_FIELDS if k in post}


def transaction_data(post) -> dict:
    return {k: post.get(k, "").strip() for k in TRANSACTION_FIELDS}
