#!/usr/bin/env bash
# The one test command: installs everything, then typecheck, lint, every vitest tier and pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash server/scripts/setup.sh --for-tests
export TELLTALE_TEST_DATABASE_URL="${TELLTALE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "[test] typecheck"; npx tsc -p tsconfig.json --noEmit
echo "[test] lint"; npx eslint . --max-warnings 0
echo "[test] build"; npm run --silent build
echo "[test] vitest: unit and integration"; npx vitest run --project unit --project integration
# End-to-end runs alone: it times the first sandbox sync, which other suites would slow down.
echo "[test] vitest: end-to-end"; npx vitest run --project e2e
if [[ -d test/models ]] && compgen -G "test/models/test_*.py" >/dev/null; then
  echo "[test] pytest"; models/.venv/bin/python -m pytest -q test/models
fi
