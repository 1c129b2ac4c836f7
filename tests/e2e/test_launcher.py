"""``python -m example`` on a machine without MongoDB: it starts the embedded server, loads the demo
data, serves under uvicorn (one worker or several on one database), and stops both on a signal."""

from __future__ import annotations

import os
import re
import signal
import socket
import time

import httpx
import pytest

from .conftest import launch


def accepts_connections(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def own_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("MONGODB_URI", "MONGODB_DB")}


def mongodb_port(output: str) -> int:
    found = re.search(r"MongoDB: mongodb://127\.0\.0\.1:(\d+)/\S* \(embedded, in memory\)", output)
    assert found is not None, output
    return int(found.group(1))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_embedded_default_with_demo_data_stops_cleanly(sig: signal.Signals) -> None:
    launched = launch(env=own_environment())
    output = launched.output()
    assert "Loaded the demo data." in output
    assert f"Community API: {launched.url}/api/" in output
    database_port = mongodb_port(output)
    users = httpx.get(f"{launched.url}/api/users/?ordering=name").json()["results"]
    assert [user["name"] for user in users] == ["Ada Lovelace", "Grace Hopper", "Linus Ek"]
    avatar = httpx.get(users[0]["avatar"]["url"])
    assert avatar.status_code == 200 and avatar.content.startswith(b"\x89PNG")
    stats = httpx.get(f"{launched.url}/api/stats/").json()
    assert (stats["users"], stats["posts"], stats["places"]) == (3, 4, 5)
    html = httpx.get(f"{launched.url}/api/posts/", headers={"accept": "text/html"})
    assert html.status_code == 200 and "Finding the first bug" in html.text
    assert launched.stop(sig) == 0
    assert not accepts_connections(database_port)  # the embedded server is gone
    assert not accepts_connections(int(launched.url.rsplit(":", 1)[1]))


def test_several_workers_share_one_database() -> None:
    launched = launch("--workers", "2", "--no-demo", env=own_environment())
    try:
        deadline = time.monotonic() + 30
        while len(re.findall(r"Started server process", launched.output())) < 2:
            assert time.monotonic() < deadline, launched.output()
            time.sleep(0.1)
        database_port = mongodb_port(launched.output())
        ids = set()
        for n in range(12):  # a new connection each time, accepted by either worker
            created = httpx.post(f"{launched.url}/api/places/", json={"name": f"p{n}", "location": [n, n]})
            assert created.status_code == 201, created.text
            ids.add(created.json()["id"])
        for _ in range(12):
            listed = httpx.get(f"{launched.url}/api/places/?page_size=100").json()["results"]
            assert {place["id"] for place in listed} == ids
    finally:
        code = launched.stop()
    assert code == 0
    assert not accepts_connections(database_port)
