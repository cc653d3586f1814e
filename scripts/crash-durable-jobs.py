#!/usr/bin/env python3
"""Crash harness for durable jobs: nothing acknowledged is lost, however the process dies.

    scripts/crash-durable-jobs.py PATH_TO_EXAMPLE [--jobs 5000] [--kills 10] [--connections 32]

Starts the example in an empty folder (its SQLite jobs store and `durable-log.txt` there) and
sends `POST /durable/send-notification/crash{i}@example.com` over keep-alive connections until
`--jobs` requests have been answered 202. Meanwhile it kills the process with SIGKILL `--kills`
times at random moments (while requests wait for their commit, while commits are written, while
jobs run) and restarts it at once; kills left when sending is done land while the backlog drains.
Then it waits for the jobs to finish and checks, from the jobs' own effects (the lines in
`durable-log.txt`) and the store:
  - every acknowledged job ran to completion at least once;
  - a job ran more than once only if an attempt of it was lost with its process (its status
    records that many lost attempts);
  - no job is left waiting or running, and none failed;
  - the last process stops gracefully on SIGTERM.
The lease is shortened (`JOBS_LEASE`, 2 s) so that a killed process's jobs come back quickly.
Exit status 1 if any check fails.
"""
import argparse
import asyncio
import collections
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


class Server:
    def __init__(self, example, folder, port, lease):
        self.example, self.folder, self.port, self.lease = example, folder, port, lease
        self.process = None
        self.starts = 0

    async def start(self):
        environment = dict(
            os.environ, JOBS_STORE=os.path.join(self.folder, "jobs.sqlite"),
            DURABLE_LOG=os.path.join(self.folder, "durable-log.txt"),
            DURABLE_EVENTS=os.path.join(self.folder, "durable-events.txt"),
            JOBS_LEASE=str(self.lease), DIGEST_CRON="0 0 31 2 *")
        log = open(os.path.join(self.folder, f"server-{self.starts}.log"), "wb")
        self.starts += 1
        self.process = subprocess.Popen(
            [self.example, "--port", str(self.port), "--log-level", "warning"], cwd=self.folder, env=environment,
            stdout=log, stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"the example exited with status {self.process.returncode} at start")
                await asyncio.sleep(0.02)
        raise SystemExit("the example did not start listening")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


async def sender(port, next_index, wanted, acknowledged, counts):
    reader = writer = None
    while len(acknowledged) < wanted:
        if writer is None:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.02)
                continue
        index = next(next_index)
        email = f"crash{index}@example.com"
        try:
            writer.write(
                f"POST /durable/send-notification/{email} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
            body = await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            # The process died with this request in flight: not acknowledged, it may or may not exist.
            counts["in flight at a kill"] += 1
            writer = None
            continue
        status = int(head.split(b" ", 2)[1])
        if status == 202:
            acknowledged[email] = json.loads(body)["job_id"]
        else:
            counts[f"answered {status}"] += 1


async def killer(server, kills, sending_done, kill_log):
    for number in range(kills):
        # Random moments while requests flow; those left over land while the backlog drains.
        await asyncio.sleep(random.uniform(0.05, 0.2) if sending_done.is_set() else random.uniform(0.05, 0.5))
        kill_log.append("draining" if sending_done.is_set() else "sending")
        server.kill()
        await server.start()


def read_log(path):
    try:
        with open(path) as log:
            return collections.Counter(log.read().splitlines())
    except FileNotFoundError:
        return collections.Counter()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("example")
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    random.seed(seed)
    folder = tempfile.mkdtemp(prefix="peregrine-crash-")
    print(f"crash harness: {args.jobs} jobs, {args.kills} kills, seed {seed}, folder {folder}")
    server = Server(os.path.abspath(args.example), folder, args.port, args.lease)
    await server.start()
    started = time.monotonic()
    acknowledged, counts, kill_log = {}, collections.Counter(), []
    indices = iter(range(10**9))
    sending_done = asyncio.Event()
    kills = asyncio.create_task(killer(server, args.kills, sending_done, kill_log))
    await asyncio.gather(*(sender(args.port, indices, args.jobs, acknowledged, counts) for _ in range(args.connections)))
    sending_done.set()
    sent = time.monotonic()
    await kills
    failures = []

    log_path = os.path.join(folder, "durable-log.txt")
    expected = {f"notification for {email}" for email in acknowledged}
    deadline = time.monotonic() + 60 + 10 * args.lease
    while time.monotonic() < deadline:
        lines = read_log(log_path)
        if expected <= set(lines):
            break
        await asyncio.sleep(0.2)
    drained = time.monotonic()
    lines = read_log(log_path)
    missing = sorted(expected - set(lines))
    if missing:
        failures.append(f"{len(missing)} acknowledged jobs never ran, e.g. {missing[:3]}")

    # Let the store settle (a completion may be written just after its line), then read it.
    store = sqlite3.connect(os.path.join(folder, "jobs.sqlite"))
    for _ in range(100):
        states = dict(store.execute("SELECT state, count(*) FROM peregrine_jobs GROUP BY state").fetchall())
        if set(states) <= {"succeeded"}:
            break
        await asyncio.sleep(0.1)
    if set(states) - {"succeeded"}:
        failures.append(f"jobs not succeeded at the end: {states}")
    lost_attempts = {}
    for job_id, errors in store.execute("SELECT id, errors FROM peregrine_jobs"):
        lost_attempts[job_id] = sum(1 for error in json.loads(errors) if "its worker stopped renewing its lease" in error["error"])
    repeats = 0
    for email, job_id in acknowledged.items():
        runs = lines[f"notification for {email}"]
        if runs > 1:
            repeats += runs - 1
            if runs - 1 > lost_attempts.get(job_id, 0):
                failures.append(f"{email} ran {runs} times with {lost_attempts.get(job_id, 0)} lost attempts")
    unacknowledged = sum(1 for line in lines if line.removeprefix("notification for ") not in acknowledged)

    server.process.send_signal(signal.SIGTERM)
    try:
        status = server.process.wait(timeout=30)
        if status != 0:
            failures.append(f"the last process exited with status {status} after SIGTERM")
    except subprocess.TimeoutExpired:
        server.kill()
        failures.append("the last process did not stop within 30 s of SIGTERM")

    print(
        f"  {len(acknowledged)} acknowledged in {sent - started:.1f} s over {args.connections} connections; "
        f"{len(kill_log)} kills ({kill_log.count('sending')} while sending, {kill_log.count('draining')} while draining); "
        f"drained {drained - sent:.1f} s after the last answer")
    print(
        f"  {dict(counts) or 'no other answers'}; {unacknowledged} unacknowledged requests' jobs ran too; "
        f"{repeats} repeated runs, each after a lost attempt; {len(missing)} lost; final states {states}")
    if failures:
        for failure in failures:
            print(f"FAIL: {failure}")
        print(f"  logs kept in {folder}")
        sys.exit(1)
    print("crash harness: nothing acknowledged was lost")


asyncio.run(main())
