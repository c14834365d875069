#!/usr/bin/env bash
# Installs everything Telltale needs on this machine, idempotently and quickly when already done:
# npm packages, redis-server (for the embedded Redis), the Python training environment, and with
# --for-tests a reachable PostgreSQL for the integration tests. Prints one line per step.
set -euo pipefail
cd "$(dirname "$0")/../.."

for_tests=false
[[ "${1:-}" == "--for-tests" ]] && for_tests=true

step() { printf '[setup] %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_updated=false
apt_install() {
  command -v apt-get >/dev/null || return 1
  if ! $apt_updated; then as_root apt-get update -qq >/dev/null && apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then echo "[setup] Node 20.19 or newer is needed (found $(node -v))." >&2; exit 1; fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "installing npm packages (from package-lock.json)"
  # `npm install --no-save` rather than `npm ci`: the lock file cannot record optional native packages
  # for other platforms that the registry does not serve, and `npm ci` refuses such a lock.
  npm install --no-save --no-audit --no-fund --loglevel=error
else
  step "npm packages up to date"
fi

if ! command -v redis-server >/dev/null; then
  step "installing redis-server"
  apt_install redis-server || { echo "[setup] redis-server is missing and could not be installed: install Redis (apt-get install redis-server / brew install redis) or set REDIS_URL." >&2; exit 1; }
fi
step "redis-server $(redis-server --version | sed -E 's/.*v=([0-9.]+).*/\1/')"

py=python3
if [[ -f models/requirements.txt ]]; then
  if [[ ! -x models/.venv/bin/python ]]; then
    step "creating the Python environment (models/.venv)"
    $py -m venv models/.venv 2>/dev/null || { apt_install python3-venv && $py -m venv models/.venv; }
  fi
  stamp=models/.venv/.requirements.sha
  want=$(sha256sum models/requirements.txt | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    step "installing Python packages (models/requirements.txt)"
    models/.venv/bin/pip install -q --disable-pip-version-check -r models/requirements.txt
    echo "$want" > "$stamp"
  else
    step "Python packages up to date"
  fi
fi

if $for_tests; then
  url="${TELLTALE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  if ! pg_isready -q -d "$url" 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null; then
      step "installing PostgreSQL"
      apt_install postgresql || { echo "[setup] PostgreSQL is needed for the integration tests: install it or set TELLTALE_TEST_DATABASE_URL." >&2; exit 1; }
    fi
    version=$(ls /etc/postgresql | sort -V | tail -1)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    # A throwaway test cluster on this machine: local trust auth, as CI machines have it.
    if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
      as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    fi
    step "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    for _ in $(seq 1 30); do pg_isready -q -d "$url" && break; sleep 1; done
  fi
  pg_isready -q -d "$url" || { echo "[setup] PostgreSQL at $url does not answer." >&2; exit 1; }
  step "PostgreSQL ready at ${url%%\?*}"

  # Integration tests that share one Redis use 127.0.0.1:6379; start a throwaway one when none answers.
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    step "starting redis-server on 127.0.0.1:6379 for the tests"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --maxmemory-policy noeviction >/dev/null
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  step "Redis ready at 127.0.0.1:6379"
fi
