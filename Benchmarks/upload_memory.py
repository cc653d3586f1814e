#!/usr/bin/env python3
"""Measure the example app's memory while it receives a large upload through UploadFile.

    python3 Benchmarks/upload_memory.py [--example .build/release/Example] [--size-mib 1024]

Starts the example app, streams one multipart body with a file of the given size to
/uploadfiles/ (which reads the spooled file back in chunks, so the whole content passes through
the server twice), samples the server's resident memory every 20 ms while it does, and checks
that the answer reports the exact size. The result goes to Benchmarks/results/upload-memory.json
and to the upload section of BENCHMARKS.md. Nothing but the standard library is needed.
"""
import argparse
import datetime
import http.client
import json
import os
import pathlib
import platform
import re
import subprocess
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
START = "<!-- upload-memory:start -->"
END = "<!-- upload-memory:end -->"


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--example", default=str(ROOT / ".build/release/Example"))
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--port", type=int, default=8013)
    args = parser.parse_args()

    server = subprocess.Popen([args.example, "--port", str(args.port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/users/me")
                break
            except OSError:
                time.sleep(0.1)
        idle = rss_kib(server.pid)
        peak = idle
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_kib(server.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        boundary = "peregrine-upload-measurement"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        chunk = bytes(range(256)) * 4096  # 1 MiB
        size = args.size_mib * len(chunk)
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
        started = time.monotonic()
        connection.putrequest("POST", "/uploadfiles/")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(head) + size + len(tail)))
        connection.endheaders()
        connection.send(head)
        for _ in range(args.size_mib):
            connection.send(chunk)
        connection.send(tail)
        response = connection.getresponse()
        body = json.loads(response.read())
        elapsed = time.monotonic() - started
        done.set()
        sampler.join()
        high_water = rss_kib(server.pid, "VmHWM")
        received = body["files"][0]["size"]
        assert response.status == 200 and received == size, (response.status, body)
    finally:
        server.terminate()
        server.wait()

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Linux {platform.release()}",
        "example": args.example,
        "upload_bytes": size,
        "seconds": round(elapsed, 1),
        "rss_idle_mib": round(idle / 1024, 1),
        "rss_peak_mib": round(max(peak, high_water) / 1024, 1),
    }
    print(json.dumps(result, indent=2))
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "upload-memory.json").write_text(json.dumps(result, indent=2) + "\n")
    section = "\n".join([
        START,
        "## Large uploads",
        "",
        f"One {size / 2**30:g} GiB file posted as `multipart/form-data` to the example app's `/uploadfiles/`, which "
        "receives it as an `UploadFile` (spooled to disk past 1 MiB) and reads it back in 64 KiB chunks. "
        "Resident memory of the server process, sampled every 20 ms and checked against `VmHWM` "
        "(`Benchmarks/upload_memory.py`):",
        "",
        "| Date | Build | Upload | Time | RSS idle | RSS peak |",
        "|---|---|---:|---:|---:|---:|",
        f"| {result['date']} | `{pathlib.Path(args.example).relative_to(ROOT) if args.example.startswith(str(ROOT)) else args.example}` "
        f"| {size / 2**30:g} GiB | {result['seconds']} s | {result['rss_idle_mib']} MiB | {result['rss_peak_mib']} MiB |",
        "",
        f"Machine: {result['machine']}. The target is a peak under 100 MB.",
        END,
    ])
    report = ROOT / "BENCHMARKS.md"
    text = report.read_text() if report.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    report.write_text(text)


if __name__ == "__main__":
    main()
