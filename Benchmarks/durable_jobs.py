#!/usr/bin/env python3
"""Durable jobs measured side by side with huey on SQLite, in one run, on this machine.

    Benchmarks/durable_jobs.py [--duration 10] [--backlog 100000] [--rate 200]

Needs the release build of DurableJobsServer (`swift build -c release` in Benchmarks/), wrk, and
Benchmarks/.venv-bench with requirements.txt (FastAPI, uvicorn, huey). Three figures for each:

 1. requests/s of an endpoint enqueueing a durable job (one line appended by the job), beside the
    same endpoint with an in-memory background task, under `wrk -t2 -c64`; the jobs run meanwhile
    (Peregrine: one process serving and running jobs; huey: uvicorn with 2 workers and a consumer).
    The two endpoints alternate for --rounds rounds, each after the previous round's jobs have
    drained, and each keeps its median round;
 2. no-op jobs/s drained from a backlog of --backlog jobs by a workers-only process (Peregrine:
    64 concurrent jobs; huey: its consumer with 8 threads and with 2 processes, the better kept);
 3. enqueue-to-start latency p50/p99 at a steady --rate requests/s for --duration seconds.

Both stores are SQLite files in WAL mode with synchronous=FULL (Peregrine's default; huey leaves
SQLite's default, which is FULL). Prints a Markdown table and writes results/durable-jobs.json.
"""
import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEREGRINE = HERE / ".build" / "release" / "DurableJobsServer"
VENV = HERE / ".venv-bench" / "bin"
PORT = 8931


def wait_for_port(process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def stop(*processes):
    for process in processes:
        if process and process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        if process:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class System:
    def __init__(self, name, folder):
        self.name, self.folder = name, Path(folder)
        self.env = dict(
            os.environ, BENCH_LOG=str(self.folder / "log.txt"), BENCH_LATENCY=str(self.folder / "latency.txt"),
            HUEY_DB=str(self.folder / "huey.sqlite"), PYTHONPATH=str(HERE / "Servers"))
        self.store = self.folder / ("jobs.sqlite" if name == "peregrine" else "huey.sqlite")

    def reset(self):
        for path in self.folder.iterdir():
            path.unlink()

    def serve(self):
        """Starts the HTTP server with its job workers; answers the processes to stop."""
        log = open(self.folder / "server.log", "ab")
        if self.name == "peregrine":
            server = subprocess.Popen(
                [str(PEREGRINE), "--port", str(PORT), "--store", str(self.store)], env=self.env, cwd=self.folder,
                stdout=log, stderr=subprocess.STDOUT)
            wait_for_port(server)
            return [server]
        server = subprocess.Popen(
            [str(VENV / "uvicorn"), "huey_app:app", "--port", str(PORT), "--workers", "2", "--loop", "uvloop",
             "--http", "httptools", "--no-access-log", "--log-level", "warning"],
            env=self.env, cwd=HERE / "Servers", stdout=log, stderr=subprocess.STDOUT)
        consumer = self.consumer(["-w", "8", "-k", "thread"])
        wait_for_port(server)
        return [server, consumer]

    def consumer(self, options):
        log = open(self.folder / "consumer.log", "ab")
        return subprocess.Popen(
            [str(VENV / "huey_consumer"), "huey_app.huey", *options, "-q"], env=self.env, cwd=HERE / "Servers",
            stdout=log, stderr=subprocess.STDOUT)

    def fill(self, count):
        if self.name == "peregrine":
            subprocess.run([str(PEREGRINE), "--fill", str(count), "--store", str(self.store)], env=self.env, check=True)
        else:
            # Imported as `huey_app`, so that the tasks are registered under the names the consumer knows.
            subprocess.run(
                [str(VENV / "python"), "-c", f"import huey_app; huey_app.fill({count})"], env=self.env, cwd=HERE / "Servers",
                check=True)

    def waiting(self):
        with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True, timeout=30) as db:
            if self.name == "peregrine":
                return db.execute("SELECT count(*) FROM peregrine_jobs WHERE state != 'succeeded'").fetchone()[0]
            return db.execute("SELECT count(*) FROM task").fetchone()[0]


def wrk(path, duration, connections=64):
    script = HERE / "wrk" / "report.lua"
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(script), f"http://127.0.0.1:{PORT}{path}"],
        env=dict(os.environ, BENCH_METHOD="POST"), capture_output=True, text=True, check=True).stdout
    summary = json.loads(re.search(r"BENCH_JSON (.*)", output).group(1))
    errors = sum(summary[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "non_2xx_3xx"))
    return {"rps": summary["requests"] / (summary["duration_us"] / 1e6), "p99_ms": summary["p99_us"] / 1000, "errors": errors}


def drain_wait(system, timeout=900):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if system.waiting() == 0:
            return True
        time.sleep(0.05)
    return False


def endpoint_rates(system, duration, rounds):
    """Alternates the two endpoints `rounds` times on one server and keeps each one's median
    round: this machine's neighbours come and go within seconds, and alternating spreads their
    noise over both endpoints alike. Each round starts with the previous one's jobs drained."""
    system.reset()
    processes = system.serve()
    try:
        runs = {"memory": [], "durable": []}
        for _ in range(rounds):
            for name, path in (("memory", "/memory/user@example.com"), ("durable", "/durable/user@example.com")):
                wrk(path, 1)
                drain_wait(system)
                runs[name].append(wrk(path, duration))
                drain_wait(system)
        results = {}
        for name, measured in runs.items():
            median = sorted(measured, key=lambda run: run["rps"])[len(measured) // 2]
            results[name] = dict(median, rounds=[round(run["rps"]) for run in measured])
        return results
    finally:
        stop(*processes)


def drain_rate(system, backlog):
    best = None
    configurations = [[]] if system.name == "peregrine" else [["-w", "8", "-k", "thread"], ["-w", "2", "-k", "process"]]
    for options in configurations:
        system.reset()
        system.fill(backlog)
        assert system.waiting() == backlog, f"{system.name}: the backlog holds {system.waiting()} jobs"
        started = time.monotonic()
        if system.name == "peregrine":
            log = open(system.folder / "workers.log", "ab")
            worker = subprocess.Popen(
                [str(PEREGRINE), "--role", "workers", "--store", str(system.store)], env=system.env, cwd=system.folder,
                stdout=log, stderr=subprocess.STDOUT)
        else:
            worker = system.consumer(options)
        done = drain_wait(system)
        elapsed = time.monotonic() - started
        stop(worker)
        rate = backlog / elapsed if done else 0.0
        result = {"jobs_per_s": rate, "seconds": elapsed, "workers": " ".join(options) or "64 concurrent jobs"}
        if best is None or rate > best["jobs_per_s"]:
            best = result
    return best


async def paced(rate, duration):
    """Sends POST /latency at `rate` per second for `duration` seconds over 16 keep-alive connections."""
    connections = [await asyncio.open_connection("127.0.0.1", PORT) for _ in range(16)]
    request = b"POST /latency HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
    locks = [asyncio.Lock() for _ in connections]

    async def send(index):
        reader, writer = connections[index]
        async with locks[index]:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
            await reader.readexactly(length)

    tasks = []
    start = time.monotonic()
    total = int(rate * duration)
    for number in range(total):
        delay = start + number / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(number % len(connections))))
    await asyncio.gather(*tasks)
    for _, writer in connections:
        writer.close()
    return total


def latency(system, rate, duration):
    system.reset()
    processes = system.serve()
    try:
        sent = asyncio.run(paced(rate, duration))
        drain_wait(system)
        deadline = time.monotonic() + 30
        path = system.folder / "latency.txt"
        while time.monotonic() < deadline:
            values = [int(line) for line in path.read_text().split()] if path.exists() else []
            if len(values) >= sent:
                break
            time.sleep(0.1)
        values.sort()
        pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] / 1000 if values else float("nan")
        return {"p50_ms": pick(0.50), "p99_ms": pick(0.99), "jobs": len(values), "sent": sent}
    finally:
        stop(*processes)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--backlog", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the endpoint figure; the median is kept")
    parser.add_argument("--systems", default="peregrine,huey")
    options = parser.parse_args()
    if not PEREGRINE.exists():
        raise SystemExit(f"{PEREGRINE} is missing: run `swift build -c release --product DurableJobsServer` in Benchmarks/")
    results = {}
    for name in options.systems.split(","):
        folder = tempfile.mkdtemp(prefix=f"durable-{name}-")
        system = System(name, folder)
        print(f"== {name}", flush=True)
        results[name] = {
            "endpoint": endpoint_rates(system, options.duration, options.rounds),
            "drain": drain_rate(system, options.backlog),
            "latency": latency(system, options.rate, options.duration),
        }
        print(json.dumps(results[name], indent=1), flush=True)
        shutil.rmtree(folder, ignore_errors=True)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "settings": vars(options),
        "results": results,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "durable-jobs.json").write_text(json.dumps(report, indent=1) + "\n")
    print()
    print("| figure | " + " | ".join(results) + " |")
    print("|---|" + "---:|" * len(results))
    rows = [
        ("in-memory background task, requests/s", lambda r: f"{r['endpoint']['memory']['rps']:,.0f}"),
        ("durable job, requests/s", lambda r: f"{r['endpoint']['durable']['rps']:,.0f}"),
        ("durable / in-memory", lambda r: f"{r['endpoint']['durable']['rps'] / r['endpoint']['memory']['rps']:.2f}×"),
        (f"no-op jobs/s from a {options.backlog:,} backlog", lambda r: f"{r['drain']['jobs_per_s']:,.0f} ({r['drain']['workers']})"),
        (f"enqueue-to-start p50 / p99 at {options.rate}/s, ms",
         lambda r: f"{r['latency']['p50_ms']:.1f} / {r['latency']['p99_ms']:.1f}"),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(r) for r in results.values()) + " |")
    if "peregrine" in results and "huey" in results:
        p, h = results["peregrine"], results["huey"]
        print(
            f"\nPeregrine / huey: durable endpoint {p['endpoint']['durable']['rps'] / h['endpoint']['durable']['rps']:.1f}×, "
            f"drain {p['drain']['jobs_per_s'] / max(h['drain']['jobs_per_s'], 1e-9):.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
