#!/usr/bin/env bash
# The one test command: installs everything, then typecheck, lint, every vitest tier, the LWC jest tests and pytest,
# and closes with one line counting every test that ran.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash server/scripts/setup.sh --for-tests
export TELLTALE_TEST_DATABASE_URL="${TELLTALE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

echo "[test] typecheck"; npx tsc -p tsconfig.json --noEmit
echo "[test] lint"; npx eslint --config .config/eslint.config.js . --max-warnings 0
echo "[test] build"; npm run --silent build
echo "[test] vitest: unit and integration"
npx vitest run --config .config/vitest.config.ts --project unit --project integration --project extension --reporter=default --reporter=json --outputFile.json="$reports/vitest-main.json"
# End-to-end runs alone: it times the first sandbox sync, which other suites would slow down.
echo "[test] vitest: end-to-end"
npx vitest run --config .config/vitest.config.ts --project e2e --reporter=default --reporter=json --outputFile.json="$reports/vitest-e2e.json"
echo "[test] jest: the Salesforce card (LWC)"
npx jest --config .config/jest.lwc.config.cjs --json --outputFile="$reports/jest-lwc.json"
echo "[test] pytest"
models/.venv/bin/python -m pytest -q test/models --junitxml="$reports/pytest.xml"

node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0;
  for (const name of ["vitest-main.json", "vitest-e2e.json", "jest-lwc.json"]) {
    const report = JSON.parse(fs.readFileSync(process.argv[1] + "/" + name, "utf8"));
    passed += report.numPassedTests; failed += report.numFailedTests;
  }
  const xml = fs.readFileSync(process.argv[1] + "/pytest.xml", "utf8");
  const suite = /<testsuite [^>]*tests="(\d+)"[^>]*>/.exec(xml)?.[0] ?? "";
  const attr = (n) => Number(new RegExp(n + "=\"(\\d+)\"").exec(suite)?.[1] ?? 0);
  passed += attr("tests") - attr("failures") - attr("errors") - attr("skipped");
  failed += attr("failures") + attr("errors");
  console.log(`total: ${passed} passed, ${failed} failed`);
' "$reports"
