#!/usr/bin/env bash
# Refreshes the vendored front-end files under src/eventwire/web/static/vendor from npm.
# Run only when upgrading a library: the copies are committed, so the web UI works offline
# and nothing needs npm at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --ignore-scripts --no-audit --no-fund
vendor=src/eventwire/web/static/vendor
rm -rf "$vendor"; mkdir -p "$vendor"
cp node_modules/d3/dist/d3.min.js "$vendor/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/"
# 1:110m country outlines (Natural Earth, public domain) as TopoJSON.
cp node_modules/world-atlas/countries-110m.json "$vendor/"
# Swagger UI for /api/docs: the self-contained bundle, its CSS, and the licences of what the
# bundle holds (swagger-ui-bundle.js.LICENSE.txt) and its NOTICE (Apache-2.0). Its dependency
# @scarf/scarf (install-time telemetry) never runs: npm is called with --ignore-scripts.
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
   node_modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt "$vendor/"
cp node_modules/swagger-ui-dist/NOTICE "$vendor/NOTICE.swagger-ui-dist"
# axe-core (MPL-2.0) for the accessibility browser tests only: tests inject it with Playwright
# (tests/test_browser_a11y.py); no template loads it. Its third-party licences go with it.
cp node_modules/axe-core/axe.min.js "$vendor/"
cp node_modules/axe-core/LICENSE-3RD-PARTY.txt "$vendor/LICENSE-3RD-PARTY.axe-core.txt"
for pkg in d3 topojson-client world-atlas swagger-ui-dist axe-core; do
    cp "node_modules/$pkg/LICENSE" "$vendor/LICENSE.$pkg" 2>/dev/null || true
done
node -e '
const lock = require("./package-lock.json");
const out = {};
for (const name of ["d3", "topojson-client", "world-atlas", "swagger-ui-dist", "axe-core"]) {
  out[name] = lock.packages["node_modules/" + name].version;
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
' > "$vendor/VERSIONS.json"
echo "vendored into $vendor: $(ls "$vendor" | tr '\n' ' ')"
