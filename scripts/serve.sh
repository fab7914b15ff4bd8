#!/usr/bin/env bash
# Serve the site and run the task worker beside it; Ctrl-C (or any exit) stops both.
set -euo pipefail
: "${PORT:=8000}" "${MANAGE:=.venv/bin/python manage.py}"

$MANAGE db_worker --queue-name '*' --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Convene is at http://127.0.0.1:${PORT}/  (admin: http://127.0.0.1:${PORT}/admin/)"
$MANAGE runserver "127.0.0.1:${PORT}"
