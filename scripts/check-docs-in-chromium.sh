#!/usr/bin/env bash
# Renders the example app's /docs (Swagger UI) and /redoc (ReDoc) in headless Chromium with
# self-hosted assets, and checks that every operation of /openapi.json is listed on both pages.
#
# The CDN that FastAPI's pages (and Peregrine's, by default) load from may be out of reach, so the
# assets come from the `fastapi-offline` package on PyPI, whose static folder holds
# swagger-ui-bundle.js, swagger-ui.css and redoc.standalone.js. They are unpacked under .build,
# never committed, and served by the example from /docs-assets (DOCS_ASSETS).
#   scripts/check-docs-in-chromium.sh PATH_TO_EXAMPLE PYTHON ARTIFACTS_DIR
set -euo pipefail
example=$1
python=$2
artifacts=$3
root=$(cd "$(dirname "$0")/.." && pwd)
assets="$root/.build/docs-assets"
if [ ! -f "$assets/redoc.standalone.js" ]; then
    download=$(mktemp -d)
    "$python" -m pip download --quiet --disable-pip-version-check --no-deps fastapi-offline==1.7.7 -d "$download"
    mkdir -p "$assets"
    "$python" - "$download"/fastapi_offline-*.whl "$assets" <<'PY'
import pathlib, sys, zipfile
wheel, target = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as archive:
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"):
        (target / name).write_bytes(archive.read(f"fastapi_offline/static/{name}"))
PY
    rm -rf "$download"
fi

port=8012
profile=$(mktemp -d)
pages=$(mktemp -d)
source "$(dirname "$0")/lib/example-server.sh"
cleanup_paths+=("$profile" "$pages")
start_example "$example" "$port" DOCS_ASSETS="$assets"
curl -s "http://127.0.0.1:$port/openapi.json" >"$pages/openapi.json"

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$profile"
        --virtual-time-budget=15000)
mkdir -p "$artifacts"
for page in docs redoc; do
    timeout 90 "${chrome[@]}" --dump-dom "http://127.0.0.1:$port/$page" >"$pages/$page.html" 2>/dev/null
    timeout 90 "${chrome[@]}" --window-size=1280,2000 --screenshot="$artifacts/$page.png" \
        "http://127.0.0.1:$port/$page" >/dev/null 2>&1 || true
done

"$python" - "$pages" <<'PY'
import json, pathlib, re, sys
pages = pathlib.Path(sys.argv[1])
document = json.loads((pages / "openapi.json").read_text())
swagger = (pages / "docs.html").read_text()
redoc = (pages / "redoc.html").read_text()
missing = []
count = 0
for path, item in document["paths"].items():
    for method, operation in item.items():
        count += 1
        identifier = operation["operationId"]
        # Swagger UI gives each operation the id operations-<tag>-<operationId>, under each tag.
        for tag in operation.get("tags") or ["default"]:
            if f'id="operations-{tag}-{identifier}"' not in swagger:
                missing.append(f"/docs lacks {method.upper()} {path} under {tag}")
        # ReDoc gives each operation a section, operation/<operationId> (under tag/<tag>/ if tagged).
        if not re.search(r'data-section-id="(tag/[^"]*/)?operation/' + re.escape(identifier) + '"', redoc):
            missing.append(f"/redoc lacks {method.upper()} {path}")
for problem in missing:
    print("FAIL:", problem)
if missing or count == 0:
    sys.exit(1)
print(f"Chromium rendered /docs and /redoc with self-hosted assets, listing all {count} operations")
PY
