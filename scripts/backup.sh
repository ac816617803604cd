#!/usr/bin/env bash
# Back up a PostgreSQL deployment of InnoZone into DIR, on the app host (it signs the current tree head with
# the ledger key): the database (pg_dump custom format), the uploaded files (media), the signed tree head with
# the ledger's PUBLIC key and as a checkpoint, the checkpoint outbox if there is
# one, and SHA-256 sums of it all. The ledger's private key is deliberately not copied: keep it apart
# (docs/deploy.md). Usage: DATABASE_URL=postgres://… scripts/backup.sh DIR
set -euo pipefail
OUT="${1:?usage: DATABASE_URL=postgres://… scripts/backup.sh DIR}"
source "$(dirname "$0")/setup.sh"
case "${DATABASE_URL:-}" in postgres*) ;; *) echo "DATABASE_URL must name the PostgreSQL database" >&2; exit 2 ;; esac
VAR_DIR="${INNOZONE_VAR_DIR:-$ROOT/var}"
mkdir -p "$OUT"
start=$(date +%s.%N)
echo "==> ledger: the current signed head (signed now if the log grew) and the public key"
python - "$OUT" <<'PY'
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innozone.settings")
import django

django.setup()
from innozone.ledger.services import checkpoint_text, head_as_dict, head_sign_current

out = sys.argv[1]
head = head_sign_current()  # the latest head, signed now if the log grew since
body = head_as_dict(head)
with open(os.path.join(out, "ledger.checkpoint"), "w") as f:
    f.write(checkpoint_text(head))
with open(os.path.join(out, "ledger-head.json"), "w") as f:
    json.dump(body, f, indent=1)
if body:
    with open(os.path.join(out, "ledger-public-key.b64"), "w") as f:
        f.write(body["public_key"] + "\n")
print(f"    signed head at tree size {body['tree_size'] if body else 0}")
PY
echo "==> database → $OUT/db.dump"
pg_dump --format=custom --no-owner --file "$OUT/db.dump" "$DATABASE_URL"
echo "==> uploaded files → $OUT/media.tar"
if [ -d "$VAR_DIR/media" ]; then tar -C "$VAR_DIR" -cf "$OUT/media.tar" media; else tar -cf "$OUT/media.tar" -T /dev/null; fi
OUTBOX="${INNOZONE_LEDGER_OUTBOX:-$VAR_DIR/ledger-outbox}"
if [ -d "$OUTBOX" ]; then echo "==> checkpoints → $OUT/checkpoints"; mkdir -p "$OUT/checkpoints"; cp -a "$OUTBOX/." "$OUT/checkpoints/"; fi
(cd "$OUT" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
echo "==> backup written to $OUT in $(echo "$(date +%s.%N) - $start" | bc) s"
