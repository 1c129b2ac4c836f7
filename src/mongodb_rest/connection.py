"""Connection settings by alias, and the lazily created clients of each face.

The sync face has one ``MongoClient`` per alias. The async face has one ``AsyncMongoClient`` per alias
per event loop (a client is bound to the loop it first ran on), unless the user registered a client.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import weakref
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions
from pymongo import AsyncMongoClient, MongoClient, uri_parser
from pymongo.errors import ConfigurationError, InvalidURI

from .errors import ConnectionFailure, SynchronousOnlyOperation
from .query_log import QueryListener

DEFAULT_ALIAS = "default"
DEFAULT_TIMEOUT = 5.0  # seconds a web request's operation may wait for the server
CODEC_OPTIONS: CodecOptions[dict[str, Any]] = CodecOptions(
    tz_aware=True, uuid_representation=UuidRepresentation.STANDARD
)


_URI_PASSWORD = re.compile(r"(mongodb(?:\+srv)?://[^\s:@/?#]*):[^\s/?#]*@", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with the password of every MongoDB URI in it replaced by ``***``."""
    return _URI_PASSWORD.sub(r"\1:***@", text)


@dataclass(frozen=True)
class ConnectionSettings:
    """What ``connect()`` registered for one alias."""

    alias: str
    db: str
    client_options: dict[str, Any] = field(repr=False)
    client: Any = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        host = self.client_options.get("host", "(given client)")
        hosts = [redact(h) for h in host] if isinstance(host, list) else redact(str(host))
        return f"ConnectionSettings(alias={self.alias!r}, db={self.db!r}, host={hosts!r})"

    @property
    def async_client_given(self) -> bool:
        """True when the user registered an async client (PyMongo's or Motor's)."""
        return self.client is not None and not isinstance(self.client, MongoClient)


@dataclass
class Connection:
    """A live client for one alias, its database, and the collections already prepared on it."""

    settings: ConnectionSettings
    client: Any
    owned: bool  # False for a client the user registered: never closed by us

    def __post_init__(self) -> None:
        self.db = self.client.get_database(self.settings.db, codec_options=CODEC_OPTIONS)
        self.collections: dict[Any, Any] = {}


class LoopConnections(dict[str, Connection]):
    """The async face's connections of one event loop; they close when the loop shuts down.

    ``asyncio.run()`` (and any runner that calls ``loop.shutdown_asyncgens()``) finalizes the async
    generators of a loop before closing it: a parked generator's ``finally`` closes the clients there.
    """

    def __init__(self) -> None:
        super().__init__()
        self._closer = self._close_at_shutdown()
        step = self._closer.asend(None)  # registers with the running loop and parks at the yield
        with contextlib.suppress(StopIteration):
            step.send(None)

    async def _close_at_shutdown(self) -> AsyncGenerator[None]:
        try:
            yield
        finally:
            for connection in list(self.values()):
                if connection.owned:
                    await connection.client.close()
            self.clear()


_settings: dict[str, ConnectionSettings] = {}
_closing: set[asyncio.Task[None]] = set()  # close() tasks scheduled on a running loop
_sync: dict[str, Connection] = {}
_async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopConnections] = weakref.WeakKeyDictionary()


def _debugging() -> bool:
    from django.conf import settings

    return bool(settings.configured and settings.DEBUG)


def monitored(alias: str | None = None) -> bool:
    """True when connection ``alias`` (any registered connection, when None) logs and counts its
    commands."""
    connections = [registered(alias)] if alias is not None else list(_settings.values())
    return any(
        isinstance(listener, QueryListener)
        for settings in connections
        for listener in settings.client_options.get("event_listeners") or ()
    )


def connect(
    db: str | None = None,
    alias: str = DEFAULT_ALIAS,
    host: str | list[str] | None = None,
    port: int | None = None,
    username: str | None = None,
    password: str | None = None,
    authentication_source: str | None = None,
    authentication_mechanism: str | None = None,
    read_preference: Any = None,
    client: Any = None,
    monitor_commands: bool | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    **options: Any,
) -> ConnectionSettings:
    """Register connection ``alias``; no network traffic happens until a query runs.

    ``db`` may be a ``mongodb://`` URI (so may ``host``); the database then comes from its path.
    ``client`` registers an existing MongoClient, AsyncMongoClient or Motor client. Other keyword
    arguments go to PyMongo's client (``maxPoolSize``, ``serverSelectionTimeoutMS``...).
    ``monitor_commands`` adds the listener behind query logging and ``query_counter`` (it costs some
    client CPU per command): by default when Django's ``DEBUG`` is on, as Django logs its queries.
    ``timeout`` is how many seconds each operation may take before it raises ``DeadlineExceeded``
    (PyMongo's ``timeoutMS``; server selection waits as long at most); None waits as long as PyMongo
    does. ``deadline()`` changes it for a block.
    """
    if db is not None and db.startswith(("mongodb://", "mongodb+srv://")):
        host, db = db, None
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
    ):
        raise ConnectionFailure(
            f"timeout of connection {alias!r} must be a positive number of seconds or None, not {timeout!r}."
        )
    if client is not None:
        if db is None:
            raise ConnectionFailure(f"connect(client=...) for alias {alias!r} needs db=.")
        if timeout != DEFAULT_TIMEOUT:
            raise ConnectionFailure(
                f"connect(client=...) for alias {alias!r} keeps the client's own deadline: create the client "
                "with timeoutMS=... instead of passing timeout=."
            )
        return _register(ConnectionSettings(alias, db, {}, client))
    kwargs: dict[str, Any] = {"host": host or "localhost"}
    named = {
        "port": port,
        "username": username,
        "password": password,
        "authSource": authentication_source,
        "authMechanism": authentication_mechanism,
    }
    kwargs.update({key: value for key, value in named.items() if value is not None})
    if read_preference is not None:
        kwargs["readPreference" if isinstance(read_preference, str) else "read_preference"] = read_preference
    kwargs.update(options)
    listeners = [item for item in kwargs.get("event_listeners") or () if not isinstance(item, QueryListener)]
    if monitor_commands is None:
        monitor_commands = _debugging()
    kwargs["event_listeners"] = [*listeners, QueryListener(alias)] if monitor_commands else listeners
    kwargs.setdefault("tz_aware", True)
    kwargs.setdefault("uuidRepresentation", "standard")
    uri_options = _uri_options(kwargs["host"], alias)
    if timeout is not None:
        for option in ("timeoutMS", "serverSelectionTimeoutMS"):
            if option.lower() not in uri_options:
                kwargs.setdefault(option, timeout * 1000)
    if db is None:
        db = _database_in(kwargs["host"], alias)
    settings = ConnectionSettings(alias, db, kwargs)
    try:
        sync_client: MongoClient[dict[str, Any]] = MongoClient(connect=False, **kwargs)
    except (ConfigurationError, InvalidURI, TypeError, ValueError) as exc:
        raise ConnectionFailure(f"Invalid settings for connection {alias!r}: {exc}") from None
    registered = _register(settings)
    if alias not in _sync:
        _sync[alias] = Connection(settings, sync_client, owned=True)
    else:
        sync_client.close()
    return registered


def register_connection(
    alias: str, db: str | None = None, name: str | None = None, **settings: Any
) -> ConnectionSettings:
    """MongoEngine's ``register_connection('archive', db='archive', host=...)``: ``connect()`` with the
    alias first (``name`` is the database too); no network traffic happens until a query runs."""
    return connect(db=db or name, alias=alias, **settings)


def _uri_options(host: Any, alias: str) -> set[str]:
    """The (lower-cased) names of the options in the URIs of ``host``; ConnectionFailure naming the first
    unknown or invalid one (PyMongo only warns about them, then waits for a server it cannot select)."""
    names = set()
    for uri in host if isinstance(host, list) else [host]:
        if not isinstance(uri, str) or "://" not in uri:
            continue
        for option in re.split("[&;]", urlsplit(uri).query):
            if not option:
                continue
            name = option.split("=", 1)[0]
            try:
                uri_parser.split_options(option, validate=True, warn=False)
            except (ConfigurationError, InvalidURI, TypeError, ValueError) as exc:
                reason = "unknown option" if str(exc).startswith("Unknown option") else exc
                raise ConnectionFailure(
                    f"Invalid option {name!r} in the URI of connection {alias!r}: {reason}."
                ) from None
            names.add(name.lower())
    return names


def _database_in(host: Any, alias: str) -> str:
    uri = host[0] if isinstance(host, list) and host else host
    if isinstance(uri, str) and "://" in uri:
        try:
            name = uri_parser.parse_uri(uri, warn=True)["database"]
        except (ConfigurationError, InvalidURI, ValueError) as exc:
            raise ConnectionFailure(f"Invalid URI for connection {alias!r}: {exc}") from None
        if name:
            return str(name)
    raise ConnectionFailure(f"connect() for alias {alias!r} needs a database name (db=..., or in the URI).")


def _register(settings: ConnectionSettings) -> ConnectionSettings:
    known = _settings.get(settings.alias)
    if known is not None:
        if known == settings and known.client is settings.client:
            return known
        raise ConnectionFailure(
            f"Connection {settings.alias!r} is already registered with other settings; disconnect() it first."
        )
    _settings[settings.alias] = settings
    return settings


def registered(alias: str = DEFAULT_ALIAS) -> ConnectionSettings:
    """The settings of ``alias``; ConnectionFailure when it was never registered."""
    try:
        return _settings[alias]
    except KeyError:
        raise ConnectionFailure(
            f"No connection {alias!r} is registered: call connect(..., alias={alias!r}) "
            "or set MONGODB_SETTINGS."
        ) from None


def registered_connections() -> list[ConnectionSettings]:
    """The settings of every registered alias."""
    return list(_settings.values())


def sync_connection(alias: str = DEFAULT_ALIAS) -> Connection:
    """The sync face's connection for ``alias``; refuses to run inside an event loop's thread."""
    if asyncio._get_running_loop() is not None and not os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE"):
        raise SynchronousOnlyOperation(
            "The sync face of mongodb_rest blocks, so it cannot run in a thread with a running event "
            "loop: await the async face instead (from mongodb_rest import Document; Model.aio)."
        )
    connection = _sync.get(alias)
    if connection is None:
        settings = registered(alias)
        if settings.async_client_given:
            raise ConnectionFailure(
                f"Connection {alias!r} was registered with an async client; the sync face needs "
                "connect(host=...) or a MongoClient."
            )
        if settings.client is None:  # closed by close_connections(): a new client on next use
            connection = Connection(settings, MongoClient(**settings.client_options), owned=True)
        else:
            connection = Connection(settings, settings.client, owned=False)
        _sync[alias] = connection
    return connection


def async_connection(alias: str = DEFAULT_ALIAS) -> Connection:
    """The async face's connection for ``alias`` on the running event loop."""
    loop = asyncio.get_running_loop()
    per_loop = _async.get(loop)
    if per_loop is None:
        per_loop = _async[loop] = LoopConnections()
    connection = per_loop.get(alias)
    if connection is None:
        settings = registered(alias)
        if settings.client is not None:
            if not settings.async_client_given:
                raise ConnectionFailure(
                    f"Connection {alias!r} was registered with a sync MongoClient; the async face needs "
                    "connect(host=...), an AsyncMongoClient or a Motor client."
                )
            connection = Connection(settings, settings.client, owned=False)
        else:
            connection = Connection(settings, AsyncMongoClient(**settings.client_options), owned=True)
        per_loop[alias] = connection
    return connection


def disconnect(alias: str = DEFAULT_ALIAS) -> None:
    """Forget ``alias`` and close the clients created for it (clients the user registered stay open)."""
    _settings.pop(alias, None)
    connection = _sync.pop(alias, None)
    if connection is not None and connection.owned:
        connection.client.close()
    for loop, per_loop in list(_async.items()):
        connection = per_loop.pop(alias, None)
        if connection is not None and connection.owned:
            _close_async(loop, connection.client)


def disconnect_all() -> None:
    """Disconnect every registered alias."""
    for alias in list(_settings):
        disconnect(alias)


def _close_async(loop: asyncio.AbstractEventLoop, client: Any) -> None:
    if loop.is_closed():
        return
    if loop.is_running():
        if asyncio._get_running_loop() is loop:
            task = loop.create_task(client.close())
            _closing.add(task)
            task.add_done_callback(_closing.discard)
        else:
            asyncio.run_coroutine_threadsafe(client.close(), loop)
    else:
        loop.run_until_complete(client.close())


def close_connections() -> None:
    """Close every client this library created, keeping the registrations: the next query opens a new
    one. Run when the process shuts down (and safe to run any time no query is under way)."""
    for alias in list(_sync):
        connection = _sync.pop(alias)
        if connection.owned:
            connection.client.close()
    for loop, per_loop in list(_async.items()):
        for alias in list(per_loop):
            connection = per_loop.pop(alias)
            if connection.owned:
                _close_async(loop, connection.client)


def release_closed_loops() -> int:
    """Forget the async clients of event loops that were closed without shutting them down (loops run by
    ``asyncio.run()`` or asgiref close their clients themselves); return how many loops were released."""
    closed = [loop for loop in list(_async) if loop.is_closed()]
    for loop in closed:
        _async.pop(loop, None)
    return len(closed)


def forget_prepared_collections(alias: str) -> None:
    """Make every face prepare the collections of ``alias`` again on next use (indexes, capped and
    validated collections): for a database that was dropped or emptied behind their back."""
    connection = _sync.get(alias)
    if connection is not None:
        connection.collections.clear()
    for per_loop in list(_async.values()):
        connection = per_loop.get(alias)
        if connection is not None:
            connection.collections.clear()
