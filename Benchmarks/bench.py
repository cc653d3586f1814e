#!/usr/bin/env python3
"""Measures Peregrine side by side with raw Hummingbird, Vapor and FastAPI, in one run.

Started by `Benchmarks/run.sh`, which installs the tools and builds the servers first. Each server
runs alone on loopback in turn; every scenario gets a warm-up and then a timed wrk run with the
same threads, connections and duration for every server. Writes `Benchmarks/results/latest.json`
and `BENCHMARKS.md`, and the headline ratios into the README.

Run `Benchmarks/bench.py --help` for the options (a subset of servers or scenarios, durations).
"""

from __future__ import annotations

import argparse
import datetime
import glob
import http.client
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RELEASE = HERE / ".build" / "release"
VENV_PYTHON = HERE / ".venv-bench" / "bin" / "python"
REPORT_LUA = HERE / "wrk" / "report.lua"
HOST = "127.0.0.1"
PORT = 8080


# --- servers ------------------------------------------------------------------------------------
@dataclass
class Server:
    key: str
    title: str
    command: list[str]
    cwd: Path = ROOT
    env: dict[str, str] = field(default_factory=dict)


def servers() -> list[Server]:
    uvicorn = [str(VENV_PYTHON), "-m", "uvicorn", "fastapi_server:app", "--host", HOST, "--port", str(PORT),
               "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]
    return [
        Server("peregrine", "Peregrine", [str(RELEASE / "PeregrineServer"), "--host", HOST, "--port", str(PORT)]),
        Server("hummingbird", "Hummingbird (raw)", [str(RELEASE / "HummingbirdServer")],
               env={"HOST": HOST, "PORT": str(PORT)}),
        Server("vapor", "Vapor", [str(RELEASE / "VaporServer"), "serve", "--env", "production",
                                  "--hostname", HOST, "--port", str(PORT)]),
        Server("fastapi-1", "FastAPI (1 worker)", uvicorn + ["--workers", "1"], cwd=HERE / "Servers"),
        Server("fastapi-2", "FastAPI (2 workers)", uvicorn + ["--workers", "2"], cwd=HERE / "Servers"),
    ]


# --- scenarios ----------------------------------------------------------------------------------
@dataclass
class Scenario:
    key: str
    endpoint: str  # the letter: a, b, c, d, e
    title: str
    method: str
    path: str
    connections: int
    body: bytes | None = None
    expect_success: bool = True
    log_lines: bool = False  # each answered request appends one line to the log


def item_body(size: int) -> bytes:
    """A valid `Item` of exactly `size` bytes (at least 100): tags fill it, the description pads it."""
    tags: list[str] = []
    while True:
        base = {"name": "Foo", "description": "", "price": 35.4, "tax": 3.2, "tags": tags}
        length = len(json.dumps(base, separators=(",", ":")))
        if length + 20 >= size or length + 300 >= size and len(tags) == 0:
            break
        tags.append(f"tag-{len(tags):06d}")
    if len(tags) > 0 and length > size:
        tags.pop()
    base = {"name": "Foo", "description": "", "price": 35.4, "tax": 3.2, "tags": tags}
    padding = size - len(json.dumps(base, separators=(",", ":")))
    base["description"] = "d" * padding
    body = json.dumps(base, separators=(",", ":")).encode()
    assert len(body) == size and padding <= 300, (size, len(body), padding)
    return body


INVALID_ITEM = b'{"description":"A nice item","price":-3.5,"tags":["a","b"]}'


def scenarios() -> list[Scenario]:
    result: list[Scenario] = []
    for connections in (16, 64, 256):
        result.append(Scenario(f"a-c{connections}", "a", f"GET /items/{{item_id}}?q=, {connections} connections",
                               "GET", "/items/5?q=somequery", connections))
    for connections in (16, 64, 256):
        result.append(Scenario(f"b-c{connections}", "b", f"POST /items/ 100 B, {connections} connections",
                               "POST", "/items/", connections, item_body(100)))
    result.append(Scenario("b-10k", "b", "POST /items/ 10 KB, 64 connections", "POST", "/items/", 64,
                           item_body(10_000)))
    result.append(Scenario("b-1m", "b", "POST /items/ 1 MB, 64 connections", "POST", "/items/", 64,
                           item_body(1_000_000)))
    result.append(Scenario("c", "c", "POST /items/ invalid → 4xx, 64 connections", "POST", "/items/", 64,
                           INVALID_ITEM, expect_success=False))
    result.append(Scenario("d", "d", "GET /route-999/{item_id} of 1,000 routes, 64 connections", "GET",
                           "/route-999/5", 64))
    result.append(Scenario("e", "e", "POST /send-notification/{email} (appends a line), 64 connections", "POST",
                           "/send-notification/user@example.com", 64, log_lines=True))
    result.append(Scenario("e-slow", "e", "POST /send-notification-slow/{email} (task sleeps 100 ms), 64 connections",
                           "POST", "/send-notification-slow/user@example.com", 64))
    return result


# --- processes ----------------------------------------------------------------------------------
def wait_for_port(process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before listening")
        try:
            with socket.create_connection((HOST, PORT), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server not listening on {HOST}:{PORT} after {timeout} s")


def start(server: Server, log_path: Path, prefix: list[str] | None = None) -> subprocess.Popen:
    """Starts a server; its output goes to a file beside its log (a pipe nobody reads would stall it)."""
    environment = dict(os.environ, BENCH_LOG=str(log_path), **server.env)
    output = open(log_path.with_name("server-output.txt"), "wb")
    process = subprocess.Popen((prefix or []) + server.command, cwd=server.cwd, env=environment,
                               stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    process.output_path = output.name
    output.close()
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    wait_until_port_free()


def wait_until_port_free() -> None:
    for _ in range(100):
        try:
            with socket.create_connection((HOST, PORT), timeout=0.2):
                time.sleep(0.1)
        except OSError:
            return


def process_tree(root: int) -> list[int]:
    """The root and its descendants (uvicorn's workers), from /proc."""
    children: dict[int, list[int]] = {}
    for status in glob.glob("/proc/[0-9]*/status"):
        try:
            text = Path(status).read_text()
        except OSError:
            continue
        pid = int(re.search(r"^Pid:\s+(\d+)", text, re.M).group(1))
        parent = int(re.search(r"^PPid:\s+(\d+)", text, re.M).group(1))
        children.setdefault(parent, []).append(pid)
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def reset_peak_rss(pids: list[int]) -> None:
    for pid in pids:
        try:
            Path(f"/proc/{pid}/clear_refs").write_text("5")
        except OSError:
            pass


def peak_rss_kib(pids: list[int]) -> int:
    """The sum of the processes' peak resident sets since the last reset."""
    total = 0
    for pid in pids:
        try:
            match = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
        except OSError:
            continue
        if match:
            total += int(match.group(1))
    return total


def count_lines(path: Path) -> int:
    try:
        with open(path, "rb") as file:
            return sum(1 for _ in file)
    except FileNotFoundError:
        return 0


# --- requests -----------------------------------------------------------------------------------
def request(connection: http.client.HTTPConnection, scenario: Scenario) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if scenario.body is not None else {}
    connection.request(scenario.method, scenario.path, body=scenario.body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def check_answers(server: Server, chosen: list[Scenario], reference: dict[str, object]) -> list[str]:
    """One request per distinct endpoint: the status class, and the same JSON as the first server's."""
    problems = []
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    seen = set()
    for scenario in chosen:
        if (scenario.path, scenario.body) in seen:
            continue
        seen.add((scenario.path, scenario.body))
        status, body = request(connection, scenario)
        if (200 <= status < 300) != scenario.expect_success:
            problems.append(f"{scenario.key}: status {status}: {body[:200]!r}")
            continue
        if not scenario.expect_success:
            continue
        answer = json.loads(body)
        expected = reference.setdefault(scenario.key, answer)
        if answer != expected:
            problems.append(f"{scenario.key}: answer {answer!r:.200} differs from {expected!r:.200}")
    connection.close()
    return problems


def wrk(scenario: Scenario, duration: float, threads: int, body_file: str | None) -> dict:
    environment = dict(os.environ, BENCH_METHOD=scenario.method, BENCH_BODY_FILE=body_file or "")
    command = ["wrk", f"-t{min(threads, scenario.connections)}", f"-c{scenario.connections}", f"-d{duration:g}s",  # wrk reads whole seconds: "2.0s" is refused
               "--timeout", "10s", "-s", str(REPORT_LUA), f"http://{HOST}:{PORT}{scenario.path}"]
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(server: Server, chosen: list[Scenario], options, reference: dict) -> dict:
    log_path = Path(tempfile.mkdtemp(prefix="peregrine-bench-")) / "log.txt"
    process = start(server, log_path)
    results: dict[str, dict] = {}
    try:
        wait_for_port(process, 60)
        problems = check_answers(server, chosen, reference)
        for problem in problems:
            print(f"  ! {server.key} {problem}", flush=True)
        for scenario in chosen:
            with tempfile.NamedTemporaryFile(suffix=".json") as body_file:
                if scenario.body is not None:
                    body_file.write(scenario.body)
                    body_file.flush()
                name = body_file.name if scenario.body is not None else None
                if options.warmup > 0:
                    wrk(scenario, options.warmup, options.threads, name)
                # The warm-up's tasks finish before the count starts.
                lines_before = settle_line_count(log_path, 0) if scenario.log_lines else 0
                pids = process_tree(process.pid)
                reset_peak_rss(pids)
                result = wrk(scenario, options.duration, options.threads, name)
                result["peak_rss_kib"] = peak_rss_kib(process_tree(process.pid))
            answered = result["requests"]
            unexpected = answered - result["non_2xx_3xx"] if not scenario.expect_success else result["non_2xx_3xx"]
            result["errors"] = (result["connect_errors"] + result["read_errors"] + result["write_errors"]
                                + result["timeouts"] + unexpected)
            result["requests_per_second"] = answered / (result["duration_us"] / 1e6)
            if scenario.log_lines:
                result["log_lines"] = settle_line_count(log_path, lines_before)
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode} during {scenario.key}")
            results[scenario.key] = result
            print(f"  {server.key:12} {scenario.key:8} {result['requests_per_second']:>10.0f} req/s  "
                  f"p50 {result['p50_us'] / 1000:7.2f} ms  p99 {result['p99_us'] / 1000:7.2f} ms  "
                  f"errors {result['errors']}  rss {result['peak_rss_kib'] / 1024:.0f} MiB"
                  + (f"  lines {result['log_lines']}" if scenario.log_lines else ""), flush=True)
    finally:
        stop(process)
        output = Path(process.output_path).read_text(errors="replace").strip().splitlines()
        if len(output) > 1:
            print(f"  {server.key} printed {len(output)} lines, the last:\n    " + "\n    ".join(output[-3:]))
    return {"problems": problems, "scenarios": results}


def settle_line_count(path: Path, before: int) -> int:
    """Lines appended since `before`, once the count has stopped growing (tasks finish after responses)."""
    previous = -1
    for _ in range(50):
        current = count_lines(path) - before
        if current == previous:
            return current
        previous = current
        time.sleep(0.2)
    return previous


# --- instructions per request -------------------------------------------------------------------
def callgrind_total(path: str) -> int:
    text = Path(path).read_text(errors="replace")
    match = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
    if not match:
        raise RuntimeError(f"no totals in {path}")
    return int(match.group(1))


def instructions(server: Server, chosen: list[Scenario], count: int) -> dict[str, float]:
    """Instructions per request under callgrind: counters zeroed after a warm-up, then `count`
    requests on one keep-alive connection, then a dump, per scenario."""
    folder = Path(tempfile.mkdtemp(prefix="peregrine-callgrind-"))
    prefix = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/callgrind.out.%p"]
    if server.command[0].startswith(str(RELEASE)):
        # Debian 12's Valgrind cannot read the DWARF 5 that Swift 6 emits: profile a copy without it.
        stripped = folder / Path(server.command[0]).name
        subprocess.run(["objcopy", "--strip-debug", server.command[0], str(stripped)], check=True)
        server = Server(server.key, server.title, [str(stripped)] + server.command[1:], server.cwd, server.env)
    process = start(server, folder / "log.txt", prefix)
    results = {}
    try:
        wait_for_port(process, 300)
        connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
        for scenario in chosen:
            for _ in range(min(count, 200)):
                request(connection, scenario)
            zero(process.pid, server.env)
            for _ in range(count):
                status, _ = request(connection, scenario)
                if (200 <= status < 300) != scenario.expect_success:
                    raise RuntimeError(f"{scenario.key}: unexpected status {status}")
            total = callgrind_total(dump(process.pid, folder, server.env))
            results[scenario.key] = total / count
            print(f"  {server.key:12} {scenario.key:8} {total / count:>12,.0f} instructions/request", flush=True)
        connection.close()
    finally:
        stop(process)
    return results


def control_environment(server_env: dict[str, str] | None) -> dict[str, str]:
    """callgrind_control's environment: Valgrind names its control pipes after $HOST, so a server
    started with its own HOST (raw Hummingbird reads its address from there) is reached only with
    the same value."""
    environment = dict(os.environ)
    if server_env and "HOST" in server_env:
        environment["HOST"] = server_env["HOST"]
    return environment


def zero(pid: int, server_env: dict[str, str] | None = None) -> None:
    """Zeroes callgrind's counters."""
    subprocess.run(["callgrind_control", "--zero", str(pid)], check=True, capture_output=True, timeout=120,
                   env=control_environment(server_env))


def dump(pid: int, folder: Path, server_env: dict[str, str] | None = None) -> str:
    """Asks callgrind for a dump and returns the new file."""
    before = set(glob.glob(f"{folder}/callgrind.out.*"))
    subprocess.run(["callgrind_control", "--dump", str(pid)], check=True, capture_output=True, timeout=120,
                   env=control_environment(server_env))
    for _ in range(100):
        new = set(glob.glob(f"{folder}/callgrind.out.*")) - before
        if new:
            time.sleep(0.5)  # let callgrind finish writing the file
            return new.pop()
        time.sleep(0.1)
    raise RuntimeError("callgrind wrote no dump")


# --- report -------------------------------------------------------------------------------------
def command_version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return "not found"
    return (result.stdout or result.stderr).strip().splitlines()[0]


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(int(memory.group(1)) / 1024 / 1024, 1),
            "kernel": platform.release()}


def versions() -> dict:
    resolved = {}
    resolved_file = HERE / "Package.resolved"
    if resolved_file.exists():
        for pin in json.loads(resolved_file.read_text()).get("pins", []):
            resolved[pin["identity"]] = pin["state"].get("version")
    python_packages = subprocess.run([str(VENV_PYTHON), "-c", "import importlib.metadata as m;"
                                      "print({p: m.version(p) for p in ['fastapi', 'starlette', 'pydantic', "
                                      "'uvicorn', 'uvloop', 'httptools']})"],
                                     capture_output=True, text=True).stdout.strip()
    return {
        "wrk": command_version(["wrk", "--version"]),
        "valgrind": command_version(["valgrind", "--version"]),
        "swift": command_version(["swift", "--version"]),
        "python": command_version([str(VENV_PYTHON), "--version"]),
        "python_packages": python_packages,
        "hummingbird": resolved.get("hummingbird"),
        "vapor": resolved.get("vapor"),
        "peregrine": subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                                    capture_output=True, text=True).stdout.strip(),
    }


TARGETS = [
    # (scenario keys, peer, minimum ratio of Peregrine's throughput to the peer's)
    (["a-c64", "b-c64"], "hummingbird", 0.9),
    (["a-c64", "b-c64"], "vapor", 1.0),
    (["a-c64", "b-c64", "c"], "fastapi-2", 5.0),
    (["e", "e-slow"], "fastapi-2", 20.0),
]


def ratio(results: dict, scenario: str, peer: str) -> float | None:
    try:
        mine = results["peregrine"]["scenarios"][scenario]["requests_per_second"]
        theirs = results[peer]["scenarios"][scenario]["requests_per_second"]
    except KeyError:
        return None
    return mine / theirs if theirs else None


def markdown(report: dict, chosen: list[Scenario], ran: list[Server]) -> str:
    results = report["results"]
    settings = report["settings"]
    lines = [
        "# Benchmarks",
        "",
        "Peregrine side by side with a hand-written Hummingbird 2 app, Vapor 4 and FastAPI, all",
        "serving the same endpoints (see `Benchmarks/`), measured in one run by one command:",
        "",
        "```sh",
        "Benchmarks/run.sh",
        "```",
        "",
        f"- Date: {report['date']}",
        f"- Machine: {report['machine']['cores']} cores, {report['machine']['cpu']}, "
        f"{report['machine']['memory_gib']} GiB, Linux {report['machine']['kernel']}",
        f"- Load: {report['versions']['wrk']}, {settings['threads']} threads, "
        f"{settings['duration']} s per run after a {settings['warmup']} s warm-up, on the same loopback and the "
        "same 2 cores as the server (ratios are the figures to read; absolute numbers are this machine's)",
        f"- Builds: Swift servers in release mode ({report['versions']['swift']}); "
        f"Hummingbird {report['versions']['hummingbird']}, Vapor {report['versions']['vapor']}, "
        f"Peregrine {report['versions']['peregrine']}",
        f"- FastAPI: {report['versions']['python']}, {report['versions']['python_packages']}, on uvicorn with "
        "uvloop and httptools, access log off",
        "- Machine-readable: `Benchmarks/results/latest.json`",
        "",
        "## Throughput (requests per second)",
        "",
        "| Scenario | " + " | ".join(server.title for server in ran) + " |",
        "|---|" + "---:|" * len(ran),
    ]
    for scenario in chosen:
        cells = []
        for server in ran:
            result = results.get(server.key, {}).get("scenarios", {}).get(scenario.key)
            cells.append(f"{result['requests_per_second']:,.0f}" if result else "–")
        lines.append(f"| ({scenario.endpoint}) {scenario.title} | " + " | ".join(cells) + " |")
    lines += ["", "## Targets (Peregrine's throughput ÷ the peer's, same run)", "",
              "| Scenario | Peer | Ratio | Target | Met |", "|---|---|---:|---:|:---:|"]
    titles = {server.key: server.title for server in servers()}
    for keys, peer, minimum in TARGETS:
        for key in keys:
            value = ratio(results, key, peer)
            if value is None:
                continue
            lines.append(f"| {key} | {titles[peer]} | {value:.2f}× | ≥ {minimum:g}× | {'yes' if value >= minimum else '**no**'} |")
    slow = results.get("peregrine", {}).get("scenarios", {})
    if "e" in slow and "e-slow" in slow:
        lines.append(f"| e-slow p99 vs e p99 | Peregrine itself | {slow['e-slow']['p99_us'] / 1000:.2f} ms vs "
                     f"{slow['e']['p99_us'] / 1000:.2f} ms | no worse | "
                     f"{'yes' if slow['e-slow']['p99_us'] <= slow['e']['p99_us'] else '**no**'} |")
    peers = [server for server in ran if server.key != "peregrine"]
    if "peregrine" in results and peers:
        lines += ["", "## Every ratio (Peregrine's throughput ÷ the peer's)", "",
                  "| Scenario | " + " | ".join(server.title for server in peers) + " |", "|---|" + "---:|" * len(peers)]
        for scenario in chosen:
            cells = [f"{value:.2f}×" if (value := ratio(results, scenario.key, server.key)) is not None else "–"
                     for server in peers]
            lines.append(f"| {scenario.key} | " + " | ".join(cells) + " |")
    lines += ["", "## Latency (p50 / p99 / max, milliseconds)", "",
              "| Scenario | " + " | ".join(server.title for server in ran) + " |", "|---|" + "---:|" * len(ran)]
    for scenario in chosen:
        cells = []
        for server in ran:
            result = results.get(server.key, {}).get("scenarios", {}).get(scenario.key)
            cells.append(f"{result['p50_us'] / 1000:.2f} / {result['p99_us'] / 1000:.2f} / {result['max_us'] / 1000:.0f}"
                         if result else "–")
        lines.append(f"| {scenario.key} | " + " | ".join(cells) + " |")
    lines += ["", "## Errors and peak memory (errors: socket errors and unexpected statuses; peak RSS in MiB,",
              "summed over a server's processes)", "",
              "| Scenario | " + " | ".join(server.title for server in ran) + " |", "|---|" + "---:|" * len(ran)]
    for scenario in chosen:
        cells = []
        for server in ran:
            result = results.get(server.key, {}).get("scenarios", {}).get(scenario.key)
            if not result:
                cells.append("–")
                continue
            cell = f"{result['errors']} / {result['peak_rss_kib'] / 1024:.0f}"
            if "log_lines" in result:
                cell += f" ({result['log_lines']:,} lines for {result['requests']:,} answers)"
            cells.append(cell)
        lines.append(f"| {scenario.key} | " + " | ".join(cells) + " |")
    counts = report.get("instructions", {})
    if counts:
        keys = sorted({key for per_server in counts.values() for key in per_server})
        lines += ["", f"## Instructions per request (callgrind, {settings['callgrind_requests']} requests on one "
                  "connection after a warm-up; independent of the CPU's speed)", "",
                  "| Scenario | " + " | ".join(titles[key] for key in counts) + " |", "|---|" + "---:|" * len(counts)]
        for key in keys:
            lines.append(f"| {key} | " + " | ".join(
                f"{per_server[key]:,.0f}" if key in per_server else "–" for per_server in counts.values()) + " |")
    lines += ["", "The servers, the method, and where the time goes where a target is missed: "
              "[Benchmarks/README.md](Benchmarks/README.md)."]
    problems = {key: value["problems"] for key, value in results.items() if value.get("problems")}
    if problems:
        lines += ["", "## Answer checks that failed", ""]
        for key, items in problems.items():
            lines += [f"- {titles[key]}: {item}" for item in items]
    return "\n".join(lines) + "\n"


HEADLINE_START = "<!-- benchmark-headline:start -->"
HEADLINE_END = "<!-- benchmark-headline:end -->"


def headline(report: dict) -> str:
    results = report["results"]
    parts = []
    for key, label in (("a-c64", "GET with path and query"), ("b-c64", "validated POST"),
                       ("c", "invalid POST → 422"), ("e", "background task")):
        ratios = [f"{value:.1f}× {name}" for peer, name in (("hummingbird", "raw Hummingbird"), ("vapor", "Vapor"),
                                                            ("fastapi-2", "FastAPI (2 workers)"))
                  if (value := ratio(results, key, peer)) is not None]
        if ratios:
            parts.append(f"| {label} | " + ", ".join(ratios) + " |")
    machine = report["machine"]
    return "\n".join([
        HEADLINE_START,
        f"Measured {report['date'][:10]} on {machine['cores']} cores ({machine['cpu']}), 64 connections, "
        "Peregrine's throughput as a multiple of each peer's in the same run (full tables in "
        "[BENCHMARKS.md](BENCHMARKS.md)):",
        "",
        "| Endpoint | Ratios |",
        "|---|---|",
        *parts,
        HEADLINE_END,
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", default=",".join(server.key for server in servers()),
                        help="comma-separated: peregrine, hummingbird, vapor, fastapi-1, fastapi-2")
    parser.add_argument("--scenarios", default="",
                        help="comma-separated scenario keys (a-c16 … e-slow); all by default")
    parser.add_argument("--duration", type=int, default=10, help="seconds per timed run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up before each run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--callgrind-requests", type=int, default=1000,
                        help="requests per scenario under callgrind; 0 skips the instruction counts")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md and the README")
    options = parser.parse_args()

    wanted = options.servers.split(",")
    ran = [server for server in servers() if server.key in wanted]
    chosen = [scenario for scenario in scenarios()
              if not options.scenarios or scenario.key in options.scenarios.split(",")]
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "settings": {"duration": options.duration, "warmup": options.warmup, "threads": options.threads,
                     "callgrind_requests": options.callgrind_requests, "host": HOST},
        "scenarios": {scenario.key: {"endpoint": scenario.endpoint, "title": scenario.title,
                                     "method": scenario.method, "path": scenario.path,
                                     "connections": scenario.connections,
                                     "body_bytes": len(scenario.body) if scenario.body else 0}
                      for scenario in chosen},
        "results": {},
        "instructions": {},
    }
    reference: dict[str, object] = {}
    for server in ran:
        print(f"{server.title}:", flush=True)
        report["results"][server.key] = measure(server, chosen, options, reference)
    write_report(report, chosen, ran, options)
    if options.callgrind_requests > 0:
        counted = [scenario for scenario in chosen if scenario.key in ("a-c64", "b-c64", "c", "e")]
        for server in ran:
            if server.key == "fastapi-2" or not counted:
                continue  # callgrind follows one process; FastAPI's single worker is the comparable one
            print(f"{server.title} under callgrind:", flush=True)
            try:
                report["instructions"][server.key] = instructions(server, counted, options.callgrind_requests)
            except (RuntimeError, OSError, http.client.HTTPException) as error:
                print(f"  {server.key}: no instruction counts: {error}", flush=True)
        write_report(report, chosen, ran, options)
    print(markdown(report, chosen, ran))
    return 0


def write_report(report: dict, chosen: list[Scenario], ran: list[Server], options) -> None:
    """Writes what has been measured so far, so that a failure later loses nothing."""
    text = markdown(report, chosen, ran)
    if not options.no_write:
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
        # Measurements made by other tools (the upload measurement, the hostile-traffic
        # comparison, build-to-build comparisons) keep their marked sections across runs.
        report_path = ROOT / "BENCHMARKS.md"
        previous = report_path.read_text() if report_path.exists() else ""
        for name in re.findall(r"<!-- ([\w-]+):start -->", previous):
            start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
            if end in previous:
                kept = previous[previous.index(start):previous.index(end) + len(end)]
                text = text.rstrip("\n") + "\n\n" + kept + "\n"
        report_path.write_text(text)
        readme = ROOT / "README.md"
        content = readme.read_text()
        if HEADLINE_START in content and HEADLINE_END in content:
            start_index = content.index(HEADLINE_START)
            end_index = content.index(HEADLINE_END) + len(HEADLINE_END)
            readme.write_text(content[:start_index] + headline(report) + content[end_index:])


if __name__ == "__main__":
    sys.exit(main())
