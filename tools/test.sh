#!/usr/bin/env bash
# The project's test command (`npm test`): installs what is missing, checks types and lint,
# runs the unit tests, starts PostgreSQL, Redis and Kafka (deploy/scripts/infra.sh) and runs
# the integration tests against them. Prints one closing line "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash tools/ensure-deps.sh
node tools/build.mjs --quiet

echo "== typecheck" >&2
npx tsc -p tsconfig.base.json --noEmit
echo "== lint" >&2
# the module-boundary rule reads Nx's project graph: without a cached one it is skipped
NX_DAEMON=false npx nx show projects >/dev/null
npx eslint . --max-warnings 0

mkdir -p test-artifacts
echo "== unit tests" >&2
unit_rc=0
npx jest -c jest.config.js --ci --json --outputFile=test-artifacts/unit.json || unit_rc=$?

integration_rc=0
if [ -f jest.integration.config.js ]; then
  echo "== infrastructure" >&2
  bash deploy/scripts/infra.sh up
  echo "== integration tests" >&2
  npx jest -c jest.integration.config.js --ci --runInBand --json --outputFile=test-artifacts/integration.json || integration_rc=$?
fi

node tools/test-totals.mjs test-artifacts/unit.json test-artifacts/integration.json
[ "$unit_rc" -eq 0 ] && [ "$integration_rc" -eq 0 ]
