"""The durable-jobs benchmark's huey side: FastAPI enqueueing into huey on SQLite (`SqliteHuey`),
the embedded job queue a FastAPI user would pick, as huey's documentation writes it.

    POST /durable/{email}  enqueues a task appending `notification for {email}` to BENCH_LOG;
    POST /memory/{email}   the same line from FastAPI's in-memory BackgroundTasks;
    POST /latency          enqueues a task appending how long it waited, in microseconds, to
                           BENCH_LATENCY.

The app runs on uvicorn; the tasks run in `huey_consumer huey_app.huey`. The queue's file is
HUEY_DB, with huey's defaults (WAL, and SQLite's own `synchronous=FULL`, as Peregrine's store).
"""
import os
import time

from fastapi import BackgroundTasks, FastAPI, status
from huey import SqliteHuey

LOG = os.environ.get("BENCH_LOG", "bench-log.txt")
LATENCY = os.environ.get("BENCH_LATENCY", "latency.txt")

huey = SqliteHuey("bench", filename=os.environ.get("HUEY_DB", "huey.sqlite"))
app = FastAPI(title="huey benchmark")


def append_line(line: str) -> None:
    with open(LOG, "a") as log:
        log.write(line)


@huey.task()
def notify(email: str) -> None:
    append_line(f"notification for {email}\n")


@huey.task()
def noop() -> None:
    pass


@huey.task()
def latency(enqueued_at: float) -> None:
    waited = int((time.time() - enqueued_at) * 1_000_000)
    with open(LATENCY, "a") as out:
        out.write(f"{waited}\n")


@app.post("/durable/{email}", status_code=status.HTTP_202_ACCEPTED)
def durable(email: str):
    return {"job_id": notify(email).id}


@app.post("/memory/{email}", status_code=status.HTTP_202_ACCEPTED)
async def memory(email: str, background_tasks: BackgroundTasks):
    background_tasks.add_task(append_line, f"notification for {email}\n")
    return {"message": "Notification sent in the background"}


@app.post("/latency", status_code=status.HTTP_202_ACCEPTED)
def enqueue_latency():
    return {"job_id": latency(time.time()).id}


def fill(count: int) -> None:
    """Enqueues `count` no-op tasks, as a backlog to drain."""
    for _ in range(count):
        noop()
