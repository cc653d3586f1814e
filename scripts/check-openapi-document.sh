#!/usr/bin/env bash
# Checks the example app's OpenAPI document from the outside, with the Python ecosystem's tools:
#   1. openapi-spec-validator validates the served /openapi.json against the OpenAPI 3.1 schema;
#   2. schemathesis generates requests from the document and runs its default checks against the
#      running example (settings and the few documented exclusions in
#      Tests/Schemathesis/schemathesis.toml).
#   scripts/check-openapi-document.sh PATH_TO_EXAMPLE VENV_BIN_DIR
set -euo pipefail
example=$1
bin=$2
root=$(cd "$(dirname "$0")/.." && pwd)
port=8013
document=$(mktemp --suffix=.json)
source "$(dirname "$0")/lib/example-server.sh"
cleanup_paths+=("$document")
start_example "$example" "$port"
curl -sf "http://127.0.0.1:$port/openapi.json" >"$document"
# Streamed responses describe their items with `itemSchema`, as FastAPI writes them: a field of
# OpenAPI 3.2, which the 3.1 schema the validator knows refuses. It is checked without them.
"$bin/python" - "$document" <<'PY'
import json, sys
path = sys.argv[1]
document = json.load(open(path))
for item in document.get("paths", {}).values():
    for operation in item.values():
        for response in operation.get("responses", {}).values():
            for media in response.get("content", {}).values():
                media.pop("itemSchema", None)
json.dump(document, open(path, "w"))
PY
"$bin/openapi-spec-validator" "$document"

status=0
"$bin/schemathesis" --config-file "$root/Tests/Schemathesis/schemathesis.toml" \
    run "http://127.0.0.1:$port/openapi.json" || status=$?
if ! kill -0 "$example_pid" 2>/dev/null; then
    echo "FAIL: the example stopped during the schemathesis run:"; tail -40 "$example_log"
    exit 1
fi
exit "$status"
