"""Embedded MongoDB-compatible server (mongoeco's wire server) for tests and local development."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import importlib.util
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["DIALECT", "HOST", "EmbeddedServer", "main", "mongodb_uri", "serve", "start"]

HOST = "127.0.0.1"
DIALECT = "7.0"

_INSTALL_HINT = (
    "the embedded MongoDB server needs mongoeco: install 'mongodb-rest[embedded]' (requires Python >= 3.13)"
)
# Hidden CLI flag used by EmbeddedServer: the child stops when its stdin reaches EOF (the parent died).
_WATCH_STDIN_FLAG = "--watch-stdin"


def _missing_mongoeco() -> ImportError:
    return ImportError(_INSTALL_HINT)


def _make_server(port: int, path: str | None) -> Any:
    """Build (not start) a mongoeco wire server on HOST:port, in memory or persisted in SQLite at ``path``."""
    try:
        from mongoeco.wire import AsyncMongoEcoProxyServer

        if path is None:
            from mongoeco.engines.memory import MemoryEngine

            engine: Any = MemoryEngine()
        else:
            from mongoeco.engines.sqlite import SQLiteEngine

            engine = SQLiteEngine(path)
    except ImportError as exc:
        raise _missing_mongoeco() from exc
    return AsyncMongoEcoProxyServer(engine=engine, host=HOST, port=port, mongodb_dialect=DIALECT)


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Set ``stop`` once stdin reaches EOF, i.e. once the parent process closed its end or died."""
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    with contextlib.suppress(RuntimeError):  # the loop may already be closed
        loop.call_soon_threadsafe(stop.set)


async def serve(port: int = 0, path: str | None = None, *, watch_stdin: bool = False) -> int:
    """Serve until SIGINT/SIGTERM (or stdin EOF with ``watch_stdin``), printing the URI first; return 0."""
    server = _make_server(port, path)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except NotImplementedError:  # pragma: no cover - Windows event loops
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
        except (RuntimeError, ValueError):  # pragma: no cover - not the main thread: stop by cancelling
            pass
    if watch_stdin:
        threading.Thread(target=_watch_stdin, args=(loop, stop), name="stdin-watch", daemon=True).start()
    try:
        address = await server.start()
        print(address.uri, flush=True)
        await stop.wait()
    finally:
        try:
            await server.close()
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m mongodb_rest.embedded [--port N] [--path FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m mongodb_rest.embedded",
        description=f"Run an embedded MongoDB-compatible server (dialect {DIALECT}) on {HOST}.",
    )
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: 0, any free port)")
    parser.add_argument("--path", default=None, help="SQLite file to persist data in (default: memory)")
    parser.add_argument(_WATCH_STDIN_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return asyncio.run(serve(args.port, args.path, watch_stdin=args.watch_stdin))
    except ImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


class EmbeddedServer:
    """An embedded server in a child process: ``start()``/``stop()``, or use it as a context manager."""

    host: str = HOST

    def __init__(
        self, port: int = 0, path: str | os.PathLike[str] | None = None, *, startup_timeout: float = 20.0
    ) -> None:
        self.requested_port = port
        self.path: str | None = None if path is None else os.fspath(path)
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._uri: str | None = None

    def __repr__(self) -> str:
        state = self._uri if self._uri is not None else "stopped"
        return f"<EmbeddedServer {state} path={self.path!r}>"

    @property
    def running(self) -> bool:
        """Whether the child process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int:
        """The process id of the running server (to stop or kill it in fault tests)."""
        if self._process is None:
            raise RuntimeError("the embedded server is not running")
        return self._process.pid

    @property
    def uri(self) -> str:
        """The ``mongodb://`` URI of the running server."""
        if self._uri is None:
            raise RuntimeError("the embedded server is not running")
        return self._uri

    @property
    def port(self) -> int:
        """The TCP port the running server listens on."""
        port = urlsplit(self.uri).port
        assert port is not None
        return port

    def start(self) -> Self:
        """Start the child process and wait until it answers ``ping``; no-op when already running."""
        if self.running:
            return self
        self.stop()  # clean up after a child that died on its own
        if importlib.util.find_spec("mongoeco") is None:
            raise _missing_mongoeco()
        command = [sys.executable, "-m", "mongodb_rest.embedded", "--port", str(self.requested_port)]
        if self.path is not None:
            command += ["--path", self.path]
        command.append(_WATCH_STDIN_FLAG)
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the child, closed in stop()
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env
        )
        lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(
            target=self._read_stdout, args=(self._process, lines), name="embedded-stdout", daemon=True
        )
        self._reader.start()
        try:
            self._wait_ready(lines, time.monotonic() + self.startup_timeout)
        except BaseException:
            self.stop()
            raise
        return self

    @staticmethod
    def _read_stdout(process: subprocess.Popen[bytes], lines: queue.Queue[str | None]) -> None:
        """Hand the child's first stdout line to ``lines`` (None on EOF) and drain the rest."""
        assert process.stdout is not None
        first = process.stdout.readline()
        lines.put(first.decode(errors="replace").strip() or None)
        for _ in process.stdout:
            pass

    def _wait_ready(self, lines: queue.Queue[str | None], deadline: float) -> None:
        try:
            uri = lines.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise self._failure(f"no URI printed within {self.startup_timeout:g} s") from None
        if uri is None:
            raise self._failure("the server process exited before printing its URI")
        if not uri.startswith("mongodb://"):
            raise self._failure(f"expected a mongodb:// URI as first output line, got {uri!r}")
        self._uri = uri
        self._wait_ping(deadline)

    def _wait_ping(self, deadline: float) -> None:
        from pymongo import MongoClient
        from pymongo.errors import PyMongoError

        last_error: Exception | None = None
        client: MongoClient[dict[str, Any]] = MongoClient(
            self.uri, serverSelectionTimeoutMS=500, connectTimeoutMS=500
        )
        try:
            while time.monotonic() < deadline:
                if not self.running:
                    raise self._failure("the server process exited before answering ping")
                try:
                    client.admin.command("ping")
                    return
                except PyMongoError as exc:
                    last_error = exc
                    time.sleep(0.05)
        finally:
            client.close()
        raise self._failure(f"no answer to ping within {self.startup_timeout:g} s (last error: {last_error})")

    def _failure(self, what: str) -> RuntimeError:
        """A RuntimeError naming what failed, the exit code and the child's stderr."""
        message = f"embedded MongoDB server ({' '.join(self._describe())}) failed to start: {what}"
        process = self._process
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)
            if process.returncode is not None:
                message += f"; exit code {process.returncode}"
        if self._stderr is not None:
            self._stderr.flush()
            self._stderr.seek(0)
            stderr = self._stderr.read().decode(errors="replace").strip()
            if stderr:
                message += f"; stderr:\n{stderr}"
        return RuntimeError(message)

    def _describe(self) -> list[str]:
        parts = [f"port={self.requested_port}"]
        parts.append("memory" if self.path is None else f"path={self.path}")
        return parts

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the child (SIGTERM, then kill after ``timeout`` seconds); safe to call more than once."""
        process, self._process = self._process, None
        self._uri = None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.join(timeout=5.0)  # EOF on stdout once the child is gone
        if process is not None:
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start(port: int = 0, path: str | os.PathLike[str] | None = None) -> EmbeddedServer:
    """Start an :class:`EmbeddedServer` and return it once it answers ``ping``."""
    return EmbeddedServer(port=port, path=path).start()


_process_server: EmbeddedServer | None = None
_process_server_lock = threading.Lock()


def mongodb_uri() -> str:
    """``$MONGODB_URI`` when it is set; otherwise the URI of an in-memory embedded server, started by the
    first call and shared by the later ones, which stops when the process exits."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        return uri
    global _process_server
    with _process_server_lock:
        if _process_server is None or not _process_server.running:
            _process_server = start()
            atexit.register(_process_server.stop)
        return _process_server.uri


if __name__ == "__main__":
    sys.exit(main())
