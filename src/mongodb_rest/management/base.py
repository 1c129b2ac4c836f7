"""What the commands share: ``--database ALIAS`` (Django's convention), its connection, its documents."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError

from ..connection import DEFAULT_ALIAS, Connection, registered, sync_connection
from ..deadlines import deadline
from ..discovery import project_documents
from ..errors import ConnectionFailure

if TYPE_CHECKING:
    from ..document.base import BaseDocument


class ConnectionCommand(BaseCommand):
    """A command acting on one connection alias, through the sync face's client, without the
    connections' per-operation deadline (index builds and collection scans may take minutes)."""

    def execute(self, *args: Any, **options: Any) -> Any:
        with deadline(None):
            return super().execute(*args, **options)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--database",
            default=DEFAULT_ALIAS,
            help=f'The connection alias (MONGODB_SETTINGS or connect()); "{DEFAULT_ALIAS}" by default.',
        )

    def connection(self, alias: str) -> Connection:
        """The sync connection of ``alias``; CommandError when it is not registered."""
        try:
            registered(alias)
            return sync_connection(alias)
        except ConnectionFailure as exc:
            raise CommandError(str(exc)) from None

    def documents(self, alias: str, labels: Iterable[str]) -> list[type[BaseDocument]]:
        """The project's documents stored through ``alias``, limited to ``labels`` when given."""
        try:
            return project_documents(alias, labels)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
