#!/usr/bin/env python3
"""Hostile-traffic check: valid requests mixed with every malformed kind, idle and slowloris clients.

    scripts/hostile-traffic.py [--requests 100000] [--connections 64] [--idle 1000] [--slowloris 50]
                               [--port 8791] [--report-only] -- COMMAND THAT SERVES ON THE PORT

Loopback only. It starts COMMAND (the example app, or uvicorn serving FastAPI's reference app, for
comparison), then at once:
  - sends REQUESTS requests from CONNECTIONS workers: valid ones (`GET /items/5?q=x`) on keep-alive
    connections, and every malformed kind (garbage, the HTTP/2 preface, a 100 KB request line,
    oversized and too many headers, bad bytes in header names, conflicting lengths, broken chunked
    bodies, short bodies, HTTP/1.0, non-finite numbers, a 100,000-field form) each on a fresh
    connection, which the server must answer and close;
  - holds IDLE connections that send nothing, and SLOWLORIS ones sending a header byte a second,
    which the server must close within its timeouts (keep-alive 5 s, head 10 s, plus margin).
It samples the server's resident memory and prints: requests sent, statuses, connections timed
out or left open, RSS at start, peak and end (after the clients are gone). Unless --report-only,
it fails (exit 1) on a crash, any 5xx, a connection left open past its timeout, a valid request
answered wrongly, or an end RSS more than 20% over the start.
"""
import argparse
import asyncio
import collections
import json
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

HOST = "127.0.0.1"


def request(method, path, headers=(), body=b"", version="1.1"):
    head = f"{method} {path} HTTP/{version}\r\nHost: 127.0.0.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode() + b"\r\n" + body


def json_post(body):
    return request("POST", "/items/", [("Content-Type", "application/json"), ("Content-Length", len(body))], body)


VALID = request("GET", "/items/5?q=x")

# Each kind: the bytes, and whether the client half-closes after sending. Every kind but those in
# CONTENT_ERRORS breaks HTTP itself, so the server must answer and close the connection.
MALFORMED = {
    "garbage": (b"GARBAGE\r\n\r\n", False),
    "http2-preface": (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", False),
    "long-request-line": (request("GET", "/" + "a" * 100_000), False),
    "large-header-block": (request("GET", "/items/5", [(f"X-H{i}", "v" * 1000) for i in range(90)]), False),
    "many-headers": (request("GET", "/items/5", [(f"X-H{i}", "v") for i in range(10_000)]), False),
    "nul-in-header-name": (b"GET /items/5 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-\x00A: v\r\n\r\n", False),
    "high-byte-in-header-name": (b"GET /items/5 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-\x80A: v\r\n\r\n", False),
    "content-length-and-chunked": (
        request("POST", "/items/", [("Content-Length", 5), ("Transfer-Encoding", "chunked")], b"0\r\n\r\n"), False),
    "two-content-lengths": (request("POST", "/items/", [("Content-Length", 5), ("Content-Length", 6)], b"hello"), False),
    "chunk-size-zz": (request("POST", "/items/", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], b"zz\r\n"), False),
    "chunk-size-negative": (request("POST", "/items/", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], b"-1\r\n"), False),
    "chunk-size-overflow": (
        request("POST", "/items/", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], b"f" * 20 + b"\r\n"), False),
    "te-xchunked": (
        request("POST", "/items/", [("Content-Type", "application/json"), ("Transfer-Encoding", "xchunked")], b"2\r\n{}\r\n0\r\n\r\n"), False),
    "chunk-longer-than-size": (
        request("POST", "/items/", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], b'2\r\n{"name":1}\r\n0\r\n\r\n'),
        False),
    "body-shorter-than-length": (
        request("POST", "/items/", [("Content-Type", "application/json"), ("Content-Length", 100)], b'{"name"'), True),
    "http10-without-keep-alive": (request("GET", "/items/5?q=x", version="1.0"), False),
    "infinite-price": (json_post(b'{"name":"x","price":1e400}'), False),
    "nan-price": (json_post(b'{"name":"x","price":NaN}'), False),
    "huge-number-price": (json_post(b'{"name":"x","price":' + b"9" * 100_000 + b"}"), False),
    "form-with-100000-fields": (
        request("POST", "/login/", [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", 0)]), False),
}
# Well-framed requests whose content is refused (422, 400): the connection stays usable, so the
# client reads the one answer and closes.
CONTENT_ERRORS = {"infinite-price", "nan-price", "huge-number-price", "form-with-100000-fields"}
fields = "&".join(f"k{i}=v" for i in range(100_000)).encode()
MALFORMED["form-with-100000-fields"] = (
    request("POST", "/login/", [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", len(fields))], fields), False)


class Results:
    def __init__(self):
        self.sent = 0
        self.statuses = collections.Counter()
        self.by_kind = collections.defaultdict(collections.Counter)
        self.wrong_answers = []
        self.left_open = collections.Counter()
        self.errors = collections.Counter()
        self.valid_body = None


def status_of(data):
    if not data.startswith(b"HTTP/1."):
        return "none"
    return data.split(b" ", 2)[1].decode()


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head, await reader.readexactly(length)


async def valid_worker(port, count, results, expected):
    reader = writer = None
    for _ in range(count):
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(VALID)
            results.sent += 1
            head, body = await asyncio.wait_for(read_response(reader), 10)
            status = status_of(head)
            results.statuses[status] += 1
            results.by_kind["valid"][status] += 1
            if status != "200" or json.loads(body) != expected:
                results.wrong_answers.append((status, body[:200]))
            if b"connection: close" in head.lower():
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as error:
            results.errors[f"valid: {type(error).__name__}"] += 1
            writer = None
    # The client goes: its connection must not linger into the memory reading.
    if writer is not None:
        writer.close()


async def connect(port, results, kind):
    """A new connection, or None (counted as a client error) when the server refuses it."""
    try:
        return await asyncio.open_connection(HOST, port)
    except OSError as error:
        results.errors[f"{kind} connect: {type(error).__name__}"] += 1
        return None


async def malformed_once(port, kind, results, bound=10.0):
    data, half_close = MALFORMED[kind]
    connection = await connect(port, results, kind)
    if connection is None:
        return
    reader, writer = connection
    results.sent += 1
    try:
        writer.write(data)
        if half_close:
            writer.write_eof()
        await writer.drain()
    except ConnectionError:
        pass
    answer = b""
    start = time.monotonic()
    if kind in CONTENT_ERRORS:
        try:
            head, body = await asyncio.wait_for(read_response(reader), bound)
            answer = head + body
        except asyncio.TimeoutError:
            results.left_open[kind] += 1
        except (ConnectionError, asyncio.IncompleteReadError):
            results.errors[f"{kind}: no answer"] += 1
        status = status_of(answer)
        results.statuses[status] += 1
        results.by_kind[kind][status] += 1
        writer.close()
        return
    try:
        while True:
            chunk = await asyncio.wait_for(reader.read(65536), bound - (time.monotonic() - start))
            if not chunk:
                break
            answer += chunk
    except asyncio.TimeoutError:
        results.left_open[kind] += 1
    except ConnectionError:
        pass
    status = status_of(answer)
    results.statuses[status] += 1
    results.by_kind[kind][status] += 1
    writer.close()


async def malformed_worker(port, count, offset, results):
    kinds = list(MALFORMED)
    for index in range(count):
        await malformed_once(port, kinds[(offset + index) % len(kinds)], results)


async def idle_client(port, results, bound):
    connection = await connect(port, results, "idle")
    if connection is None:
        return
    reader, writer = connection
    try:
        data = await asyncio.wait_for(reader.read(65536), bound)
        if data:
            results.errors["idle client got data"] += 1
    except asyncio.TimeoutError:
        results.left_open["idle"] += 1
    except ConnectionError:
        pass
    writer.close()


async def slowloris_client(port, results, bound):
    connection = await connect(port, results, "slowloris")
    if connection is None:
        return
    reader, writer = connection
    start = time.monotonic()
    header = b"GET /items/5 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
    answer = b""
    closed = False
    for byte in header:
        try:
            writer.write(bytes([byte]))
            await writer.drain()
        except ConnectionError:
            closed = True
            break
        try:
            chunk = await asyncio.wait_for(reader.read(65536), 1.0)
            answer += chunk
            if not chunk:
                closed = True
                break
        except asyncio.TimeoutError:
            pass
        except ConnectionError:
            closed = True
            break
        if time.monotonic() - start > bound:
            break
    if not closed:
        results.left_open["slowloris"] += 1
    status = status_of(answer)
    results.by_kind["slowloris"][status] += 1
    results.statuses[status] += 1
    writer.close()


def resident_kib(pid, field="VmRSS"):
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


async def wait_for_port(port, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before listening")
        try:
            _, writer = await asyncio.open_connection(HOST, port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.2)
    raise SystemExit("the server did not listen in time")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--slowloris", type=int, default=50)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--malformed-share", type=float, default=0.1)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    # The server's log goes to a file: a pipe nobody reads would fill and block the server.
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        await wait_for_port(args.port, server)
        # Warm up with one request of each kind, so that the starting memory includes the code
        # and the runtime's one-time set-up of every path, then take it.
        reader, writer = await asyncio.open_connection(HOST, args.port)
        writer.write(VALID)
        expected = json.loads((await read_response(reader))[1])
        writer.close()
        for kind in MALFORMED:
            await malformed_once(args.port, kind, Results())
        await asyncio.sleep(3)
        start_rss = resident_kib(server.pid)
        start_anon = resident_kib(server.pid, "RssAnon")
        samples = [start_rss]
        stop = asyncio.Event()

        async def sample():
            while not stop.is_set():
                samples.append(resident_kib(server.pid))
                await asyncio.sleep(0.2)

        results = Results()
        malformed = int(args.requests * args.malformed_share)
        valid = args.requests - malformed
        workers = args.connections
        malformed_workers = max(1, workers // 4)
        valid_workers = workers - malformed_workers
        started = time.monotonic()
        sampler = asyncio.create_task(sample())
        tasks = [valid_worker(args.port, valid // valid_workers + (1 if i < valid % valid_workers else 0), results, expected)
                 for i in range(valid_workers)]
        tasks += [malformed_worker(args.port, malformed // malformed_workers + (1 if i < malformed % malformed_workers else 0), i, results)
                  for i in range(malformed_workers)]
        tasks += [idle_client(args.port, results, bound=5 + 3) for _ in range(args.idle)]
        tasks += [slowloris_client(args.port, results, bound=10 + 2 + 4) for _ in range(args.slowloris)]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        # The clients are gone: give the server a moment (it returns freed memory a second after
        # its last connection closes), then read its memory.
        await asyncio.sleep(5)
        stop.set()
        await sampler
        end_rss = resident_kib(server.pid)
        end_anon = resident_kib(server.pid, "RssAnon")
        crashed = server.poll() is not None
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    server_errors = {status: count for status, count in results.statuses.items() if status.startswith("5")}
    report = {
        "requests sent": results.sent,
        "seconds": round(elapsed, 1),
        "statuses": dict(sorted(results.statuses.items())),
        "by kind": {kind: dict(counter) for kind, counter in sorted(results.by_kind.items())},
        "connections left open past their timeout": dict(results.left_open),
        "client errors": dict(results.errors),
        "valid requests answered wrongly": len(results.wrong_answers),
        "rss KiB (start, peak, end)": [start_rss, max(samples), end_rss],
        "of which anonymous KiB (start, end)": [start_anon, end_anon],
        "crashed": crashed,
    }
    print(json.dumps(report, indent=1))
    failures = []
    if crashed:
        failures.append("the server crashed")
    if server_errors:
        failures.append(f"5xx answers: {server_errors}")
    if results.left_open:
        failures.append(f"connections left open: {dict(results.left_open)}")
    if results.wrong_answers or results.errors:
        failures.append(f"valid requests not answered correctly: {results.wrong_answers[:3]} {dict(results.errors)}")
    if end_rss > start_rss * 1.2:
        failures.append(f"RSS {end_rss} KiB after the clients left, over 120% of the start {start_rss} KiB")
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        log.seek(0)
        tail = log.read()[-4000:].decode(errors="replace")
        print("server log (end):\n" + tail)
    if failures and not args.report_only:
        sys.exit(1)
    print("hostile traffic: ok" if not failures else "hostile traffic: report only")


asyncio.run(main())
