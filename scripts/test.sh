#!/usr/bin/env bash
# Runs every test suite of Peregrine, the way CI does:
#   1. installs the Python tools the checks need into .venv-test: FastAPI and uvicorn for the
#      parity comparison, openapi-spec-validator and schemathesis for the OpenAPI document; and
#      SQLite's headers from Debian when missing (the durable-jobs store links the system SQLite);
#   2. builds everything, tests included, in debug mode;
#   3. runs `swift test`, then type-checks Tests/CompileErrors, which must fail with the errors
#      each file names;
#   4. checks the example executable's command line and its graceful stop on SIGINT and SIGTERM,
#      and that 20,000 requests' background tasks all run exactly once; sends 100,000 requests
#      mixing every kind of malformed request with valid ones, plus idle and slowloris clients,
#      which must end with no 5xx, no connection left open past its timeout, and memory back;
#      then kills the example 10 times with SIGKILL while 5,000 durable jobs are enqueued and run,
#      and checks that every acknowledged job ran (scripts/crash-durable-jobs.py);
#   5. renders a templated page, /docs and /redoc of the example in headless Chromium (installed
#      from Debian when missing; the docs' assets from PyPI), keeping screenshots in .build/artifacts;
#   6. validates the example's OpenAPI document and runs schemathesis against the example;
#   7. compares the example app with the FastAPI reference app, request for request, on the shared
#      cases of the sections ported so far (Tests/Parity/sections.txt) and on our extra cases, and
#      compares the structure of the two OpenAPI documents (when ../shared is present); then the
#      same with the second reference app, porting_app.py, on its shared cases and ours.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shared="$root/../shared"

echo "== installing FastAPI, uvicorn, openapi-spec-validator and schemathesis into .venv-test"
python3 -m venv .venv-test
.venv-test/bin/pip install --quiet --disable-pip-version-check \
    fastapi uvicorn python-multipart openapi-spec-validator==0.9.0 schemathesis==4.32.5

if [ ! -e /usr/include/sqlite3.h ]; then
    echo "== installing SQLite's headers from Debian (GRDB links the system SQLite)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsqlite3-dev >/dev/null
fi

if ! command -v chromium >/dev/null; then
    echo "== installing Chromium from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== swift build --build-tests"
swift build --build-tests

echo "== swift test"
swift test --skip-build

echo "== declaration mistakes the compiler catches, with our words (Tests/CompileErrors)"
scripts/check-compile-errors.sh

echo "== example command line and signals"
scripts/check-example-cli.sh "$root/.build/debug/Example"

echo "== a templated page with static files, rendered in headless Chromium"
mkdir -p .build/artifacts
scripts/check-pages-in-chromium.sh "$root/.build/debug/Example" "$root/.build/artifacts/templated-page.png"

echo "== /docs and /redoc with self-hosted assets, rendered in headless Chromium"
scripts/check-docs-in-chromium.sh "$root/.build/debug/Example" "$root/.venv-test/bin/python" "$root/.build/artifacts"

echo "== the OpenAPI document: openapi-spec-validator, then schemathesis against the example"
scripts/check-openapi-document.sh "$root/.build/debug/Example" "$root/.venv-test/bin"

echo "== background tasks under load: 20,000 requests over 64 keep-alive connections, none lost"
python3 scripts/load-background-tasks.py "$root/.build/debug/Example" --requests 20000 --connections 64

echo "== hostile traffic: 100,000 requests mixing every malformed kind, 1,000 idle and 50 slowloris connections"
python3 scripts/hostile-traffic.py --port 8791 -- "$root/.build/debug/Example" --port 8791

echo "== durable jobs under SIGKILL: 5,000 acknowledged jobs, 10 kills, none lost"
python3 scripts/crash-durable-jobs.py "$root/.build/debug/Example" --jobs 5000 --kills 10

if [ -d "$shared/parity" ]; then
    echo "== parity with FastAPI: shared cases of the ported sections, and the OpenAPI documents"
    cases=$(mktemp --suffix=.json)
    trap 'rm -f "$cases"' EXIT
    .venv-test/bin/python - "$shared/parity/cases.json" Tests/Parity/sections.txt "$cases" <<'PY'
import json, sys
cases, sections, out = sys.argv[1:]
prefixes = tuple(l.strip() for l in open(sections) if l.strip() and not l.startswith("#"))
selected = [c for c in json.load(open(cases)) if c["name"].startswith(prefixes)]
json.dump(selected, open(out, "w"))
print(f"{len(selected)} shared cases selected")
PY
    PATH="$root/.venv-test/bin:$PATH" "$shared/parity/run.sh" --openapi "$cases" -- "$root/.build/debug/Example"
    echo "== parity with FastAPI: extra cases"
    PATH="$root/.venv-test/bin:$PATH" "$shared/parity/run.sh" "$root/Tests/Parity/extra_cases.json" -- "$root/.build/debug/Example"
    echo "== parity with FastAPI, second reference app (porting_app): shared cases and the OpenAPI documents"
    PATH="$root/.venv-test/bin:$PATH" "$shared/parity/run.sh" --openapi --app porting_app "$shared/parity/porting_cases.json" -- "$root/.build/debug/Example"
    echo "== parity with FastAPI, second reference app: extra cases"
    PATH="$root/.venv-test/bin:$PATH" "$shared/parity/run.sh" --app porting_app "$root/Tests/Parity/porting_extra_cases.json" -- "$root/.build/debug/Example"
else
    echo "== ../shared not found: parity comparison skipped"
fi
echo "== all tests passed"
