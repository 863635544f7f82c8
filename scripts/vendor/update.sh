#!/usr/bin/env bash
# Refresh the browser assets vendored under static/vendor/ from the npm registry.
#
# Versions are pinned in package.json / package-lock.json beside this script.
# To move to new versions: edit package.json (exact versions only), run
#   npm install --package-lock-only --ignore-scripts
# in this directory, then run this script and update static/vendor/README.md.
#
# The script is idempotent: it rebuilds static/vendor/{tabler,htmx,echarts}/
# from scratch each run and leaves static/vendor/README.md alone.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
DEST="$REPO_ROOT/static/vendor"
LICENSES="$SCRIPT_DIR/licenses"

# Bootstrap version whose LICENSE is kept in licenses/bootstrap.LICENSE; it is
# compiled into tabler.min.js / tabler.min.css (Tabler does not ship it).
EXPECTED_BOOTSTRAP="5.3.8"

command -v npm >/dev/null || { echo "update.sh: npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "update.sh: node is required" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cp "$SCRIPT_DIR/package.json" "$SCRIPT_DIR/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
NM="$WORK/node_modules"
OUT="$WORK/out"
mkdir -p "$OUT/tabler" "$OUT/htmx" "$OUT/echarts"

pkg_version() { node -p "require(process.argv[1]).version" "$NM/$1/package.json"; }

# Copy a file, dropping a trailing source-map comment (the maps are not vendored).
copy_strip_map() {
  sed -E '/^[[:space:]]*(\/\/[#@] sourceMappingURL=[^[:space:]]*|\/\*[#@] sourceMappingURL=[^*]*\*\/)[[:space:]]*$/d' \
    "$1" >"$2"
}

# Copy a stylesheet: no source map, and no @import of anything off-site.
copy_css() {
  copy_strip_map "$1" "$2.tmp"
  sed -E 's#@import[[:space:]]+(url\()?[[:space:]]*["'\'']?(https?:)?//[^;]*;##g' "$2.tmp" >"$2"
  rm -f "$2.tmp"
  if grep -Eq '@import|url\([[:space:]]*["'\'']?(https?:)?//' "$2"; then
    echo "update.sh: $2 still references an external resource:" >&2
    grep -Eo '@import[^;]*;|url\([[:space:]]*["'\'']?(https?:)?//[^)]*\)' "$2" >&2
    exit 1
  fi
}

check_js() {
  node -e "new (require('vm').Script)(require('fs').readFileSync(process.argv[1], 'utf8'), {filename: process.argv[1]})" "$1"
}

# --- Tabler (bundles Bootstrap JS/CSS and Popper) ---------------------------
T="$NM/@tabler/core"
copy_css "$T/dist/css/tabler.min.css" "$OUT/tabler/tabler.min.css"
copy_strip_map "$T/dist/js/tabler.min.js" "$OUT/tabler/tabler.min.js"
if [[ -f "$T/LICENSE" ]]; then
  cp "$T/LICENSE" "$OUT/tabler/LICENSE"
else
  # The @tabler/core npm package ships no LICENSE file; keep our copy (MIT).
  cp "$LICENSES/tabler-core.LICENSE" "$OUT/tabler/LICENSE"
fi
cp "$LICENSES/bootstrap.LICENSE" "$OUT/tabler/LICENSE-bootstrap"
cp "$NM/@popperjs/core/LICENSE.md" "$OUT/tabler/LICENSE-popper.md"

bundled_bs="$(grep -Eo 'VERSION\(\)\{return"[0-9][^"]*"' "$OUT/tabler/tabler.min.js" | head -n1 | grep -Eo '[0-9][0-9.]*[^"]*' || true)"
if [[ "$bundled_bs" != "$EXPECTED_BOOTSTRAP" ]]; then
  echo "update.sh: WARNING: tabler.min.js bundles Bootstrap '${bundled_bs:-?}', expected $EXPECTED_BOOTSTRAP;" >&2
  echo "           refresh licenses/bootstrap.LICENSE and EXPECTED_BOOTSTRAP." >&2
fi

# --- htmx -------------------------------------------------------------------
copy_strip_map "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
cp "$NM/htmx.org/LICENSE" "$OUT/htmx/LICENSE"

# --- ECharts (bundles zrender, parts of d3, tslib helpers) --------------------
E="$NM/echarts"
copy_strip_map "$E/dist/echarts.min.js" "$OUT/echarts/echarts.min.js"
cp "$E/LICENSE" "$OUT/echarts/LICENSE"
if [[ -f "$E/NOTICE" ]]; then cp "$E/NOTICE" "$OUT/echarts/NOTICE"; fi
if [[ -f "$E/licenses/LICENSE-d3" ]]; then cp "$E/licenses/LICENSE-d3" "$OUT/echarts/LICENSE-d3"; fi
cp "$NM/zrender/LICENSE" "$OUT/echarts/LICENSE-zrender"
cp "$NM/tslib/LICENSE.txt" "$OUT/echarts/LICENSE-tslib.txt"

# --- check, then replace ------------------------------------------------------
for f in "$OUT/tabler/tabler.min.js" "$OUT/htmx/htmx.min.js" "$OUT/echarts/echarts.min.js"; do
  check_js "$f"
done

mkdir -p "$DEST"
for d in tabler htmx echarts; do
  rm -rf "${DEST:?}/$d"
  cp -R "$OUT/$d" "$DEST/$d"
  chmod 0644 "$DEST/$d"/*
done

echo "Vendored into static/vendor/:"
echo "  @tabler/core $(pkg_version @tabler/core) (Bootstrap ${bundled_bs:-?}, @popperjs/core $(pkg_version @popperjs/core))"
echo "  htmx.org     $(pkg_version htmx.org)"
echo "  echarts      $(pkg_version echarts) (zrender $(pkg_version zrender), tslib $(pkg_version tslib))"
echo "If a version changed, update the table in static/vendor/README.md."
