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
for pkg in d3 topojson-client world-atlas; do
    cp "node_modules/$pkg/LICENSE" "$vendor/LICENSE.$pkg" 2>/dev/null || true
done
node -e '
const lock = require("./package-lock.json");
const out = {};
for (const name of ["d3", "topojson-client", "world-atlas"]) {
  out[name] = lock.packages["node_modules/" + name].version;
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
' > "$vendor/VERSIONS.json"
echo "vendored into $vendor: $(ls "$vendor" | tr '\n' ' ')"
