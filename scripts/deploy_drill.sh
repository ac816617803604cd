#!/usr/bin/env bash
# The deploy drill: docs/deploy.md ("A single server") followed end to end on this machine, with a fresh
# PostgreSQL database, the production settings, gunicorn behind nginx (when nginx is installed), the task
# worker, checkpoints through the worker, a witness on a simulated second host that holds only the public key,
# then scripts/backup.sh and scripts/restore_drill.sh. Prints the time of each phase. Every process, database
# and file it makes is removed on exit, also on failure.
# Usage: scripts/deploy_drill.sh   (PG_BASE, default postgres://postgres@127.0.0.1:5432; INNOZONE_REQUIRE_NGINX=1
# fails when nginx is missing instead of talking to gunicorn directly)
set -euo pipefail
source "$(dirname "$0")/setup.sh" # the virtualenv on PATH, the checkout on PYTHONPATH, cd to it
PG_BASE="${PG_BASE:-postgres://postgres@127.0.0.1:5432}"
NAME="innozone_deploy_drill_$(date +%s)_$$"
RESTORED="${NAME}_restored"
DRILL="$(mktemp -d "${TMPDIR:-/tmp}/innozone-deploy-drill.XXXXXX")"
SECOND="$DRILL/second-host" # the witness's machine: its own folder, its own process, only the public key
PIDS=()
LOGS="$DRILL/logs"
mkdir -p "$LOGS" "$SECOND" "$DRILL/tmp"
export TMPDIR="$DRILL/tmp" # the scripts' own temporary folders go away with ours

stop() { # stop PID: TERM, then KILL after 15 s
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  if [ "$rc" -ne 0 ]; then
    for log in "$LOGS"/*.log; do [ -s "$log" ] && { echo "--- last lines of $log" >&2; tail -n 25 "$log" >&2; }; done
  fi
  for pid in "${PIDS[@]}"; do stop "$pid"; done
  PGOPTIONS="-c client_min_messages=warning" psql "$PG_BASE/postgres" -q -c "DROP DATABASE IF EXISTS \"$NAME\" WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS \"$RESTORED\" WITH (FORCE)" >/dev/null
  rm -rf "$DRILL"
  [ "$rc" -eq 0 ] || echo "deploy drill FAILED (exit $rc)" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TIMES=()
phase() { # phase NAME: ends the running phase (its time is kept for the summary) and starts NAME
  local now
  now=$(date +%s.%N)
  [ -n "${PHASE:-}" ] && TIMES+=("$(printf '%-42s %6.2f s' "$PHASE" "$(echo "$now - $PHASE_START" | bc)")")
  PHASE="$1" PHASE_START="$now"
  [ -z "$1" ] || echo "==> $1"
}
fail() { echo "FAILED: $*" >&2; exit 1; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND…: retry COMMAND every 0.2 s, bounded
  local seconds="$1" what="$2"
  shift 2
  for _ in $(seq $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "$what not within $seconds s"
}
read -r APP_PORT PROXY_PORT < <(python -c 'import socket
s = [socket.socket() for _ in "ab"]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
NGINX="$(command -v nginx || command -v /usr/sbin/nginx || true)"
if [ -z "$NGINX" ]; then
  echo "!!! nginx is not installed: the checks talk to gunicorn directly (apt-get install nginx for the full drill)"
  [ "${INNOZONE_REQUIRE_NGINX:-0}" != 1 ] || fail "INNOZONE_REQUIRE_NGINX=1 and no nginx"
  PROXY_PORT="$APP_PORT"
fi
VIA="${NGINX:+nginx}"
VIA="${VIA:-gunicorn directly}"
SITE="http://127.0.0.1:$PROXY_PORT"
ALL_START=$(date +%s.%N)

phase "database, key, settings, migrate"
psql "$PG_BASE/postgres" -q -c "CREATE DATABASE \"$NAME\""
# the key: apart from the data folder, readable and not writable by the app (docs/deploy.md)
mkdir -m 700 "$DRILL/keys"
openssl genpkey -algorithm ed25519 -out "$DRILL/keys/ledger-ed25519.pem"
chmod 400 "$DRILL/keys/ledger-ed25519.pem"
# SECURE_SSL_REDIRECT=0: the drill has no TLS (on a real host nginx redirects port 80 to 443; docs/deploy.md)
export INNOZONE_ENV=production DJANGO_DEBUG=0 \
  SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS="$SITE" \
  SECURE_SSL_REDIRECT=0 \
  DATABASE_URL="$PG_BASE/$NAME" INNOZONE_VAR_DIR="$DRILL/var" TASKS_BACKEND=database \
  INNOZONE_LEDGER_KEY="$DRILL/keys/ledger-ed25519.pem" INNOZONE_LEDGER_OUTBOX="$DRILL/outbox"
mkdir -p "$INNOZONE_VAR_DIR/static" "$INNOZONE_VAR_DIR/media" "$INNOZONE_LEDGER_OUTBOX"
python -m innozone migrate --noinput -v0
phase "seed-demo"
# on a live system `seed-demo --no-activity`; the drill loads the demo's vouchers so the ledger has a history
python -m innozone seed-demo --quiet-logins | tail -n 3
phase "collectstatic, check --deploy"
python -m innozone collectstatic --noinput -v0
SECURE_SSL_REDIRECT=1 python -m innozone check --deploy --fail-level WARNING

phase "start gunicorn${NGINX:+, nginx}, db_worker"
gunicorn innozone.wsgi --bind "127.0.0.1:$APP_PORT" --workers 2 --timeout 120 --no-control-socket \
  --access-logfile "$LOGS/gunicorn-access.log" >"$LOGS/gunicorn.log" 2>&1 &
PIDS+=($!)
python -m innozone db_worker >"$LOGS/db_worker.log" 2>&1 &
PIDS+=($!)
if [ -n "$NGINX" ]; then
  mkdir -p "$DRILL/nginx/tmp"
  MIME=/etc/nginx/mime.types
  # static files: served by nginx from STATIC_ROOT (whitenoise stays in the app for setups without a proxy)
  cat >"$DRILL/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $DRILL/nginx/nginx.pid;
error_log $LOGS/nginx-error.log warn;
$([ "$(id -u)" = 0 ] && echo "user $(id -un);")
events { worker_connections 256; }
http {
  $([ -f "$MIME" ] && echo "include $MIME;")
  default_type application/octet-stream;
  access_log $LOGS/nginx-access.log;
  client_body_temp_path $DRILL/nginx/tmp/body;
  proxy_temp_path $DRILL/nginx/tmp/proxy;
  fastcgi_temp_path $DRILL/nginx/tmp/fastcgi;
  uwsgi_temp_path $DRILL/nginx/tmp/uwsgi;
  scgi_temp_path $DRILL/nginx/tmp/scgi;
  client_max_body_size 25m;  # DATA_UPLOAD_MAX_MEMORY_SIZE
  upstream innozone { server 127.0.0.1:$APP_PORT; }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location /static/ { alias $INNOZONE_VAR_DIR/static/; gzip_static on; expires 30d; }
    location / {
      proxy_pass http://innozone;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 120s;
    }
  }
}
EOF
  "$NGINX" -t -q -e "$LOGS/nginx-error.log" -p "$DRILL/nginx" -c "$DRILL/nginx/nginx.conf"
  "$NGINX" -e "$LOGS/nginx-error.log" -p "$DRILL/nginx" -c "$DRILL/nginx/nginx.conf" &
  PIDS+=($!)
fi
wait_for 60 "the login page through $SITE" curl -fsS "$SITE/accounts/login/"

phase "HTTP checks through $VIA"
code() { curl -sS -o "$DRILL/body" -D "$DRILL/headers" -w '%{http_code}' "$@"; }
[ "$(code "$SITE/accounts/login/")" = 200 ] || fail "login page"
grep -qi '^content-security-policy: .*default-src' "$DRILL/headers" || fail "no Content-Security-Policy on the login page"
[ -z "$NGINX" ] || grep -qi '^server: nginx' "$DRILL/headers" || fail "the login page did not come through nginx"
css="$(grep -o '/static/[^"]*\.css' "$DRILL/body" | head -n 1)"
[ -n "$css" ] && [ "$(code "$SITE$css")" = 200 ] || fail "stylesheet $css"
echo "    login 200 with CSP; $css 200 ($(grep -i '^cache-control' "$DRILL/headers" | tr -d '\r'))"
[ "$(code "$SITE/no-such-page/")" = 404 ] && ! grep -q URLconf "$DRILL/body" || fail "unknown address: not a plain 404"
[ "$(code "$SITE/api/docs")" = 200 ] || fail "/api/docs"
[ "$(code "$SITE/ledger/checkpoint")" = 200 ] && head -n 1 "$DRILL/body" | grep -q '^innozone.ledger' ||
  fail "/ledger/checkpoint"
echo "    /api/docs 200; /ledger/checkpoint serves size $(sed -n 2p "$DRILL/body")"
TOKEN="$(python -m innozone shell -v 0 -c 'from innozone.core.models import User
from innozone.core.tokens import api_token_create
office = User.objects.get(username="office")
print(api_token_create(actor=office, user=office, name="deploy drill"))')"
api() { curl -fsS -H "Authorization: Bearer $TOKEN" "$@"; }
api "$SITE/api/ledger/head" >/dev/null || fail "GET /api/ledger/head with a token"
echo "    API: GET /api/ledger/head with the office's token 200"

phase "checkpoint by the worker, witness (1st)"
checkpoints() { find "$INNOZONE_LEDGER_OUTBOX" -name '*-*.checkpoint' | wc -l; }
more_checkpoints_than() { [ "$(checkpoints)" -gt "$1" ]; }
python -m innozone ledger checkpoint --enqueue
wait_for 60 "a checkpoint from the worker" more_checkpoints_than 0
echo "    outbox: $(ls "$INNOZONE_LEDGER_OUTBOX" | tr '\n' ' ')"
sed 's/^/    | /' "$INNOZONE_LEDGER_OUTBOX/latest.checkpoint"
python -m innozone ledger public-key >"$SECOND/ledger.pub" # copied to the second host
second_host() { # the witness: no database, no secret, no private key — only the public key and its store
  env -i PATH="$PATH" PYTHONPATH="$PYTHONPATH" HOME="$SECOND" INNOZONE_VAR_DIR="$SECOND/var" \
    python -m innozone ledger witness --store "$SECOND/witness" --url "$SITE" "$@"
}
witnessed="$(second_host --public-key "$SECOND/ledger.pub")"
echo "    witness: $witnessed"
[[ $witnessed == "first checkpoint kept"* ]] || fail "the witness did not keep the first checkpoint"

phase "voucher event, checkpoint, witness (2nd)"
voucher="$(api "$SITE/api/vouchers/?status=active" | python -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')"
api -X POST -H 'Content-Type: application/json' -d '{"reason": "deploy drill"}' \
  "$SITE/api/vouchers/$voucher/cancel" >/dev/null || fail "POST /api/vouchers/$voucher/cancel"
echo "    API: voucher $voucher cancelled by the office's token"
before="$(checkpoints)"
python -m innozone ledger checkpoint --enqueue
wait_for 60 "a second checkpoint from the worker" more_checkpoints_than "$before"
echo "    outbox: $(ls "$INNOZONE_LEDGER_OUTBOX" | tr '\n' ' ')"
witnessed="$(second_host)" # with the key it stored on the first run
echo "    witness: $witnessed"
[[ $witnessed == consistent:* ]] || fail "the witness did not check the new checkpoint's consistency"

phase "scripts/backup.sh"
scripts/backup.sh "$DRILL/backup" | sed 's/^/    /'

phase "scripts/restore_drill.sh"
# the auditor's machine has no private key: the drill checks with the public key saved in the backup
env -u INNOZONE_LEDGER_KEY scripts/restore_drill.sh "$DRILL/backup" "$RESTORED" | sed 's/^/    /'
phase ""

echo "==> phase timings (${NGINX:+nginx $("$NGINX" -v 2>&1 | cut -d/ -f2), }$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '    %s\n' "${TIMES[@]}"
printf '    %-42s %6.2f s\n' total "$(echo "$(date +%s.%N) - $ALL_START" | bc)"
echo "deploy drill passed"
