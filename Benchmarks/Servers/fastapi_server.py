"""The benchmark's endpoints on FastAPI, as its documentation writes them.

Started by bench.py as `uvicorn fastapi_server:app --workers N --loop uvloop --http httptools
--no-access-log`, FastAPI's fastest configuration on this machine.
"""

import asyncio
import os

from fastapi import BackgroundTasks, FastAPI, status
from pydantic import BaseModel, Field

LOG = os.environ.get("BENCH_LOG", "bench-log.txt")

app = FastAPI(title="FastAPI benchmark")


class Item(BaseModel):
    name: str
    description: str | None = Field(default=None, max_length=300)
    price: float = Field(gt=0)
    tax: float | None = None
    tags: list[str] = []


@app.get("/items/{item_id}")
async def read_item(item_id: int, q: str | None = None, short: bool = False):
    item = {"item_id": item_id}
    if q:
        item.update({"q": q})
    if not short:
        item.update({"description": "This is an amazing item that has a long description"})
    return item


@app.post("/items/", status_code=status.HTTP_201_CREATED)
async def create_item(item: Item):
    item_dict = item.model_dump()
    if item.tax is not None:
        item_dict.update({"price_with_tax": item.price + item.tax})
    return item_dict


def append_line(line: str):
    with open(LOG, mode="a") as log:
        log.write(line)


async def sleep_100ms():
    await asyncio.sleep(0.1)


@app.post("/send-notification/{email}")
async def send_notification(email: str, background_tasks: BackgroundTasks):
    background_tasks.add_task(append_line, f"notification for {email}\n")
    return {"message": "Notification sent in the background"}


@app.post("/send-notification-slow/{email}")
async def send_slow_notification(email: str, background_tasks: BackgroundTasks):
    background_tasks.add_task(sleep_100ms)
    return {"message": "Notification sent in the background"}


def make_route(number: int):
    async def read_route(item_id: int):
        return {"route": number, "item_id": item_id}
    return read_route


for number in range(1000):
    app.add_api_route(f"/route-{number}/{{item_id}}", make_route(number), methods=["GET"])
