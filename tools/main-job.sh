#!/usr/bin/env bash
# The README's main job: install what is missing, generate a realistic sample bundle with
# injected defects, reconcile it with the embedded engine (no servers), and print the
# summary and where the pack is. Outputs go under out/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash tools/ensure-deps.sh
node tools/build.mjs --quiet
node dist/apps/recon/src/main.js generate --out out/sample --seed "${SEED:-42}" --scale "${SCALE:-1}" >&2
node dist/apps/recon/src/main.js run --in out/sample/bundle --out out/run
echo
echo "Scored against the injected truth:"
node dist/apps/recon/src/main.js score --truth out/sample/truth.csv --exceptions out/run/exceptions.csv
echo
echo "Reconciliation pack: out/run/pack.html   (open it in a browser, or print it)"
