#!/usr/bin/env python3
"""Record FastAPI's answers to the parity cases, for the Swift tests that replay them.

    python3 Tests/Parity/record_answers.py ../shared/parity Tests/ExampleTests/Fixtures/fastapi_answers.json
    python3 Tests/Parity/record_answers.py ../shared/parity Tests/ExampleTests/Fixtures/porting_answers.json porting_app

The first form records the first reference app's answers; the second, with `porting_app`, sends
every case of the shared `porting_cases.json` and of `Tests/Parity/porting_extra_cases.json` to
the second reference app, leaving out the answers that echo the test client's own headers.

Sends every case of the shared `cases.json` whose name starts with a prefix listed in
`Tests/Parity/sections.txt`, and every case of `Tests/Parity/extra_cases.json` except the
stateful ones (whose answers depend on earlier requests), to the FastAPI
reference app (in-process, through Starlette's TestClient), and writes each case with the status,
body and checked headers FastAPI answered. `ExampleTests` sends the same requests to the Swift
example app and expects the same answers. Needs `pip install fastapi uvicorn python-multipart httpx`.
"""
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
parity = pathlib.Path(sys.argv[1]).resolve()
output = pathlib.Path(sys.argv[2])
sys.path.insert(0, str(parity))

import importlib  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

module = sys.argv[3] if len(sys.argv) > 3 else "reference_app"
reference = importlib.import_module(module)
if module == "reference_app":
    prefixes = tuple(line.strip() for line in (here / "sections.txt").read_text().splitlines()
                     if line.strip() and not line.startswith("#"))
    cases = [c for c in json.loads((parity / "cases.json").read_text()) if c["name"].startswith(prefixes)]
    cases += json.loads((here / "extra_cases.json").read_text())
else:
    cases = json.loads((parity / "porting_cases.json").read_text())
    cases += json.loads((here / "porting_extra_cases.json").read_text())

client = TestClient(reference.app, raise_server_exceptions=False, base_url="http://127.0.0.1:8000")
recorded = []
for case in cases:
    if case.get("then_file") or case["name"].startswith("stateful:"):
        continue  # side effects and order-dependent state are compared by the live parity run only
    headers = dict(case.get("headers", {}))
    if case.get("cookies"):
        headers["cookie"] = "; ".join(f"{k}={v}" for k, v in case["cookies"].items())
    kwargs = {"headers": headers}
    if "json" in case:
        kwargs["content"] = json.dumps(case["json"]).encode()
        headers.setdefault("content-type", "application/json")
    elif "body" in case:
        kwargs["content"] = case["body"].encode()
    response = client.request(case.get("method", "GET"), case["path"], follow_redirects=False, **kwargs)
    try:
        body = response.json()
        kind = "json"
    except ValueError:
        body = response.text
        kind = "text"
    if "testclient" in response.text:
        continue  # the answer echoes the test client's own headers, which differ from the Swift client's
    expected = {"status": response.status_code, kind: body}
    checked = {h.lower(): response.headers.get(h) for h in case.get("check_headers", [])}
    # `Allow` is not recorded: Starlette's 405 names only the first matching route's methods,
    # where Peregrine names every method the path supports (RoutingTests pins that).
    for name in ("location",):
        if name in response.headers:
            checked[name] = response.headers[name]
    if checked:
        expected["headers"] = checked
    request = {k: v for k, v in case.items() if k in ("name", "method", "path", "body")}
    if "json" in case:
        request["body"] = json.dumps(case["json"])
    request["headers"] = headers
    recorded.append({"request": request, "expected": expected})

output.parent.mkdir(parents=True, exist_ok=True)
output.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n")
print(f"recorded {len(recorded)} answers in {output}")
