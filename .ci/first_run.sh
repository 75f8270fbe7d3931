#!/usr/bin/env bash
# The README's first commands, verbatim, in a fresh clone: `make run` on another port serves the
# demo with the runtime requirements only, and Ctrl+C (SIGINT) stops the server and its worker.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet . "$work/dundian"
cd "$work/dundian"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$work/run.log"
# Job control on, as in a terminal: `make run` and its children get a process group of their own
# and keep SIGINT (a script's background jobs would otherwise ignore it), so the SIGINT below
# reaches all of them as Ctrl+C does.
set -m
make run PORT=$port >"$log" 2>&1 &
group=$!
set +m

up=0
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
  if ! kill -0 "$group" 2>/dev/null; then break; fi
  sleep 1
done
if [ "$up" != 1 ]; then
  echo "FATAL: make run PORT=$port did not serve /healthz" >&2
  tail -50 "$log" >&2
  kill -TERM -- -"$group" 2>/dev/null || true
  exit 1
fi
curl -fsS "http://127.0.0.1:$port/accounts/login/" | grep -q "登录" || { echo "FATAL: no login page" >&2; exit 1; }
echo "make run served http://127.0.0.1:$port"

# Runtime requirements only: no development tool in the fresh virtualenv.
for tool in pytest ruff bandit pip-audit playwright; do
  if [ -e ".venv/bin/$tool" ]; then echo "FATAL: make run installed $tool" >&2; exit 1; fi
done
echo "make run installed the runtime requirements only"

kill -INT -- -"$group"
for _ in $(seq 1 30); do
  if ! pgrep -g "$group" >/dev/null 2>&1; then break; fi
  sleep 1
done
if pgrep -g "$group" >/dev/null 2>&1; then
  echo "FATAL: Ctrl+C left processes of make run behind:" >&2
  pgrep -a -g "$group" >&2 || true
  kill -KILL -- -"$group" 2>/dev/null || true
  exit 1
fi
echo "Ctrl+C stopped the server and the Celery worker"
