#!/usr/bin/env python3
"""Load check for background tasks: N requests over C keep-alive connections, none lost or doubled.

    scripts/load-background-tasks.py PATH_TO_EXAMPLE [--requests 100000] [--connections 64]

Starts the example app in an empty folder, sends `POST /send-notification-dep/user{i}@example.com`
for i in 0..N-1 over C keep-alive connections, each request adding a task that appends
`message to user{i}@example.com` to `log.txt`; then waits for the tasks and checks that the log
holds exactly N lines, one per email. It samples the server's resident memory (VmRSS) all along
and prints its start, peak and end, plus the request rate. Exit status 1 if any check fails.
"""
import argparse
import asyncio
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time


async def connection(port, indices, results):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for index in indices:
        writer.write(
            f"POST /send-notification-dep/user{index}@example.com HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        body = await reader.readexactly(length)
        results.append((head.split(b" ", 2)[1], body))
    writer.close()
    await writer.wait_closed()


def resident_kib(pid):
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


async def sample_memory(pid, samples, stop):
    while not stop.is_set():
        samples.append(resident_kib(pid))
        await asyncio.sleep(0.2)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("example")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    server = subprocess.Popen(
        [os.path.abspath(args.example), "--port", str(args.port), "--log-level", "warning"], cwd=folder,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                _, probe = await asyncio.open_connection("127.0.0.1", args.port)
                probe.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        samples = [resident_kib(server.pid)]
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_memory(server.pid, samples, stop))
        results = []
        shares = [range(start, args.requests, args.connections) for start in range(args.connections)]
        started = time.monotonic()
        await asyncio.gather(*(connection(args.port, share, results) for share in shares))
        elapsed = time.monotonic() - started
        # The tasks run after their responses; give the runner time to finish them.
        log = pathlib.Path(folder, "log.txt")
        expected = args.requests
        for _ in range(600):
            if log.exists() and log.read_bytes().count(b"\n") >= expected:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        stop.set()
        await sampler
        samples.append(resident_kib(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)

    lines = log.read_text().splitlines() if log.exists() else []
    wanted = {f"message to user{i}@example.com" for i in range(args.requests)}
    failures = []
    if len(results) != args.requests or any(status != b"200" for status, _ in results):
        failures.append(f"{sum(status == b'200' for status, _ in results)} of {args.requests} requests answered 200")
    if len(lines) != args.requests:
        failures.append(f"log.txt has {len(lines)} lines, expected {args.requests}")
    if set(lines) != wanted:
        failures.append(f"{len(wanted - set(lines))} emails missing, {len(set(lines) - wanted)} unexpected lines")
    if server.returncode != 0:
        failures.append(f"the server exited with status {server.returncode}: {output.decode()[-500:]}")
    print(f"{args.requests} requests over {args.connections} keep-alive connections in {elapsed:.1f} s "
          f"({args.requests / elapsed:.0f} requests/s); log.txt: {len(lines)} lines, {len(set(lines))} distinct; "
          f"server memory (VmRSS): start {samples[0] / 1024:.1f} MiB, peak {max(samples) / 1024:.1f} MiB, "
          f"end {samples[-1] / 1024:.1f} MiB")
    for failure in failures:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


asyncio.run(main())
