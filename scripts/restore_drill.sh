#!/usr/bin/env bash
# The restore drill: restore a backup made by scripts/backup.sh into an EMPTY database, then check it as an
# auditor would, with no private key — the files' SHA-256 sums, `ledger verify` over the restored log (signed
# heads checked with the public key saved in the backup), the restored log against the signed head saved in
# the backup (its signature, and the root of the restored log at that size), and a witness that kept the
# backup's checkpoint (or CHECKPOINT=FILE, e.g. one a witness host kept) checking the restored log against it. Prints the time of each step. Usage: scripts/restore_drill.sh BACKUP_DIR [DATABASE_NAME]
# (PostgreSQL on PG_BASE, default postgres://postgres@127.0.0.1:5432; the database is dropped and recreated).
set -euo pipefail
BACKUP="$(cd "${1:?usage: scripts/restore_drill.sh BACKUP_DIR [DATABASE_NAME]}" && pwd)"
NAME="${2:-innozone_restore_drill}"
source "$(dirname "$0")/setup.sh"
PG_BASE="${PG_BASE:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$PG_BASE/$NAME" INNOZONE_VAR_DIR="$(mktemp -d)" DJANGO_DEBUG=0
t() { date +%s.%N; }
since() { echo "$(echo "$(t) - $1" | bc | xargs printf '%.2f') s"; }
all=$(t)
s=$(t); (cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS); echo "==> checksums match ($(since "$s"))"
s=$(t)
python - "$BACKUP" <<'PY'
import json, os, sys

from innozone.ledger import signing  # pure: no Django, no database

saved = json.load(open(os.path.join(sys.argv[1], "ledger-head.json")))
if not saved:
    sys.exit("the backup holds no signed head")
public_key = signing.from_base64(open(os.path.join(sys.argv[1], "ledger-public-key.b64")).read().strip())
head = signing.TreeHead(saved["tree_size"], bytes.fromhex(saved["root_hash"]), saved["timestamp"])
if not signing.verify_head(public_key, head, signing.from_base64(saved["signature"]), origin=saved["origin"]):
    sys.exit("the saved head's signature does not verify with the saved public key")
PY
echo "==> the saved signed head verifies with the saved public key ($(since "$s"))"
s=$(t)
psql "$PG_BASE/postgres" -q -c "DROP DATABASE IF EXISTS \"$NAME\" WITH (FORCE)" -c "CREATE DATABASE \"$NAME\""
pg_restore --no-owner --exit-on-error -d "$DATABASE_URL" "$BACKUP/db.dump"
tar -C "$INNOZONE_VAR_DIR" -xf "$BACKUP/media.tar"
echo "==> restored into an empty database $NAME ($(since "$s"))"
# a backup taken before an upgrade gets this code's later migrations, as a restore onto a new release would
s=$(t); python -m innozone migrate --noinput -v0; echo "==> migrated to this release's schema ($(since "$s"))"
# the drill host has no private key: signed heads are checked with the public key saved in the backup
s=$(t); python -m innozone ledger verify --public-key "$BACKUP/ledger-public-key.b64"; echo "==> ledger verify ($(since "$s"))"
s=$(t)
python - "$BACKUP" <<'PY'
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innozone.settings")
import django

django.setup()
from innozone.ledger import selectors

saved = json.load(open(os.path.join(sys.argv[1], "ledger-head.json")))
if selectors.tree_size() < saved["tree_size"]:
    sys.exit(f"the restored log has {selectors.tree_size()} entries, fewer than the saved head's {saved['tree_size']}")
if selectors.root_at(saved["tree_size"]).hex() != saved["root_hash"]:
    sys.exit(f"the restored log's root at size {saved['tree_size']} differs from the saved signed head")
print(f"    restored log matches the saved signed head at tree size {saved['tree_size']}")
PY
echo "==> restored log checked against the saved signed head ($(since "$s"))"
# a witness that kept the backup's checkpoint checks the restored log against it (signature, same root or a
# consistency proof from it)
s=$(t)
witness="$(mktemp -d)"
cp "$BACKUP/ledger-public-key.b64" "$witness/public-key"
cp "${CHECKPOINT:-$BACKUP/ledger.checkpoint}" "$witness/latest.checkpoint"
python -m innozone ledger witness --store "$witness" --db
echo "==> witness over the restored log ($(since "$s"))"
echo "==> restore drill passed in $(since "$all")"
