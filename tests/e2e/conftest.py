"""The example app under uvicorn, as a subprocess on a free port with a fresh database, for the whole
session: the tests talk HTTP to it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from pymongo import MongoClient
from pymongo.database import Database

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Launched:
    """``python -m example`` running in a child process, its output going to ``log``."""

    process: subprocess.Popen[bytes]
    url: str
    log: IO[bytes]

    def output(self) -> str:
        """Everything the launcher, uvicorn and the app printed so far."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def wait_healthy(self, timeout: float = 60.0) -> None:
        """Wait until ``/api/health/`` answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the example exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/api/health/", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the example was not healthy within {timeout:g} s:\n{self.output()}")

    def stop(self, sig: signal.Signals = signal.SIGINT, timeout: float = 30.0) -> int:
        """Send ``sig`` and return the exit code (the child is killed if it is still running then)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        self.log.close()
        return self.process.returncode


def launch(*args: str, env: dict[str, str]) -> Launched:
    """Start ``python -m example --port <free port> *args`` with ``env`` and wait until it is healthy."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by Launched.stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "example", "--port", str(port), *args],
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "example.settings"},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    launched = Launched(process, f"http://127.0.0.1:{port}", log)
    try:
        launched.wait_healthy()
    except BaseException:
        launched.stop(signal.SIGKILL)
        raise
    return launched


@dataclass
class App:
    """The running example: its base URL and, to check what is stored, its database."""

    url: str
    db: Database[dict[str, Any]]


@pytest.fixture(scope="session")
def app(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[App]:
    """The example under uvicorn on the session's server, in a database of its own, without demo data."""
    name = f"e2e_{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "MONGODB_URI": mongo_uri, "MONGODB_DB": name}
    launched = launch("--no-demo", env=env)
    try:
        yield App(launched.url, raw_client[name])
    finally:
        launched.stop()
        raw_client.drop_database(name)


@pytest.fixture
def http(app: App) -> Iterator[httpx.Client]:
    """An HTTP client on the app's base URL."""
    with httpx.Client(base_url=app.url, timeout=30) as client:
        yield client


@pytest.fixture
def marker() -> str:
    """A tag no other test uses, to find this test's documents."""
    return f"t{uuid.uuid4().hex[:10]}"
