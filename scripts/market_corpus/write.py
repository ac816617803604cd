"""Store the set: listings.jsonl, demands.jsonl (one JSON object a line) and qrels.tsv."""

import json


def write(out, listings, demands, qrels):
    """Write the three files."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("listings.jsonl", listings), ("demands.jsonl", demands)):
        with open(out / name, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    with open(out / "qrels.tsv", "w", encoding="utf-8") as fh:
        fh.write("demand_id\tlisting_id\tgrade\n")
        fh.writelines(f"{demand}\t{listing}\t{g}\n" for demand, listing, g in qrels)
