"""``manage.py mongodb_ping``: check that a connection's server answers, and how fast."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

import pymongo
from django.core.management.base import CommandError
from pymongo.errors import OperationFailure, PyMongoError

from ...driver_errors import translated
from ...errors import MongoDBRestError
from ..base import ConnectionCommand


class Command(ConnectionCommand):
    help = "Ping the MongoDB server of a connection; exits non-zero when it does not answer."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--timeout", type=float, default=5.0, help="Seconds to wait for the server (5 by default)."
        )

    def handle(self, *args: Any, database: str, timeout: float, **options: Any) -> None:
        if timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds.")
        connection = self.connection(database)
        client = connection.client
        try:
            with translated(database), pymongo.timeout(timeout):
                started = time.perf_counter()
                client.admin.command("ping")
                elapsed = (time.perf_counter() - started) * 1000
                try:
                    version = str(client.admin.command("buildInfo").get("version", "?"))
                except OperationFailure:
                    version = "?"
        except (MongoDBRestError, PyMongoError) as exc:
            raise CommandError(str(exc)) from None
        nodes = ", ".join(f"{host}:{port}" for host, port in sorted(client.nodes)) or "?"
        self.stdout.write(
            f"Connection {database!r}: MongoDB {version} at {nodes}, database {connection.settings.db!r}, "
            f"ping {elapsed:.1f} ms"
        )
