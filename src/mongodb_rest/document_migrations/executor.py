"""Applying and unapplying migrations through the sync face's client, and the record of what ran."""

from __future__ import annotations

import asyncio
import datetime
import inspect
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from pymongo import IndexModel
from pymongo.database import Database
from pymongo.errors import OperationFailure

from ..connection import async_connection
from ..context_managers import atomic
from ..indexes import diff_indexes
from ..sync.transactions import session_for
from .loader import Graph, Key, Migration
from .operations import Operation
from .state import ProjectState
from .steps import INDEX_NOT_FOUND, Batched, Call, Command, DropIndex, EnsureIndex, Step

RECORD_COLLECTION = "mongodb_migrations"
DEFAULT_BATCH_SIZE = 1000
DEFAULT_ATOMIC_LIMIT = 1000

Progress = Callable[[str, bool], None]  # (line, final)


def _quiet(line: str, final: bool) -> None:
    return None


@dataclass
class Executor:
    """Runs migrations on one connection's database and records them in ``mongodb_migrations``."""

    db: Database[dict[str, Any]]
    alias: str
    graph: Graph
    batch_size: int = DEFAULT_BATCH_SIZE
    progress: Progress = _quiet
    atomic_limit: int = DEFAULT_ATOMIC_LIMIT  # documents; 0: never in a transaction

    # -- the record ------------------------------------------------------------------------------------
    def applied(self) -> dict[Key, dict[str, Any]]:
        """What ``mongodb_migrations`` records as applied, by (app, name)."""
        return {(doc["app"], doc["name"]): doc for doc in self.db[RECORD_COLLECTION].find()}

    def record(self, migration: Migration) -> None:
        """Record ``migration`` as applied."""
        self.db[RECORD_COLLECTION].replace_one(
            {"_id": str(migration)},
            {
                "app": migration.app_label,
                "name": migration.name,
                "applied": datetime.datetime.now(datetime.UTC),
                "checksum": migration.checksum,
            },
            upsert=True,
            session=self._session(),
        )

    def unrecord(self, migration: Migration) -> None:
        """Forget that ``migration`` was applied."""
        self.db[RECORD_COLLECTION].delete_one({"_id": str(migration)}, session=self._session())

    # -- planning --------------------------------------------------------------------------------------
    def plan(
        self, app_label: str | None, target: Migration | None, zero: bool
    ) -> list[tuple[Migration, bool]]:
        """``(migration, forwards)`` in the order they run: every unapplied migration (of ``app_label``
        and what it depends on), up to ``target``, or back to just after ``target`` (``zero``: all of
        the app) when it is applied."""
        applied = self.applied()
        if zero or (target is not None and target.key in applied):
            assert app_label is not None
            later = [
                key
                for key in self.graph.nodes
                if key[0] == app_label and (zero or target is None or key > target.key)
            ]
            undo = set(later)
            for key in later:
                undo |= self.graph.descendants(key)
            ordered = [m for m in reversed(self.graph.order()) if m.key in undo and m.key in applied]
            return [(migration, False) for migration in ordered]
        if target is not None:
            keys = [target.key]
        elif app_label is not None:
            keys = sorted(key for key in self.graph.nodes if key[0] == app_label)
        else:
            keys = None
        return [(m, True) for m in self.graph.order(keys) if m.key not in applied]

    def migrate(self) -> None:
        """Apply every unapplied migration."""
        for migration, _ in self.plan(None, None, zero=False):
            self.apply(migration)

    # -- running ---------------------------------------------------------------------------------------
    def state_before(self, migration: Migration) -> ProjectState:
        """The state the migrations ``migration`` depends on build."""
        ancestors = [m for m in self.graph.order([migration.key]) if m.key != migration.key]
        return self.graph.state(ancestors)

    def apply(self, migration: Migration) -> None:
        """Run every operation of ``migration``, then record it (a run stopped half way records nothing
        and, its data steps being safe to rerun, completes when run again)."""
        state = self.state_before(migration)
        steps: list[Step] = []
        for operation in migration.operations:
            if self._here(operation, state):
                steps += operation.forwards(state)
            operation.state_forwards(state, migration.app_label)
        with atomic(self.alias, durable=False) if self.fits_a_transaction(steps) else nullcontext():
            self.run(steps)
            self.record(migration)

    def unapply(self, migration: Migration) -> None:
        """Undo the operations of ``migration`` in reverse order, then forget it."""
        state = self.state_before(migration)
        befores = []
        for operation in migration.operations:
            befores.append(state.clone())
            operation.state_forwards(state, migration.app_label)
        steps = [
            step
            for operation, before in reversed(list(zip(migration.operations, befores, strict=True)))
            if self._here(operation, before)
            for step in operation.backwards(before)
        ]
        with atomic(self.alias, durable=False) if self.fits_a_transaction(steps) else nullcontext():
            self.run(steps)
            self.unrecord(migration)

    def _here(self, operation: Operation, before: ProjectState) -> bool:
        """Whether ``operation`` changes this database: its collection's documents are stored through
        this alias (hand-written steps run on every database migrated)."""
        alias = operation.alias(before)
        return alias is None or alias == self.alias

    def fits_a_transaction(self, steps: list[Step]) -> bool:
        """True when ``steps`` only update documents, at most ``atomic_limit`` of them: the migration then
        runs in one transaction with its record, where the server has transactions (collection, index
        and hand-written steps cannot join one; a large backfill would outgrow it)."""
        if not self.atomic_limit or not all(isinstance(step, Batched) for step in steps):
            return False
        if self.db.client.topology_description.topology_type_name == "Single":
            return False  # a standalone server: no transactions
        batched = [step for step in steps if isinstance(step, Batched)]
        total = sum(self.db[step.collection].count_documents(step.filter) for step in batched)
        return total <= self.atomic_limit

    def run(self, steps: list[Step]) -> None:
        """Send ``steps`` to the database, in order."""
        for step in steps:
            if isinstance(step, Batched):
                self._batched(step)
            elif isinstance(step, Command):
                self._command(step)
            elif isinstance(step, EnsureIndex):
                self._ensure_index(step)
            elif isinstance(step, DropIndex):
                self._drop_index(step)
            else:
                self._call(step)

    def _batched(self, step: Batched) -> None:
        collection, session = self.db[step.collection], self._session()
        total = collection.count_documents(step.filter, session=session)
        done, started = 0, time.monotonic()
        while True:
            found = collection.find(step.filter, {"_id": 1}, session=session).limit(self.batch_size)
            ids = [doc["_id"] for doc in found]
            if not ids:
                break
            batch = {"_id": {"$in": ids}, **step.filter}
            updated = collection.update_many(
                batch, step.update, array_filters=step.array_filters, session=session
            )
            done += updated.modified_count
            rate = done / max(time.monotonic() - started, 1e-6)
            self.progress(f"{step.label}: {done}/{total} ({rate:.0f}/s)", False)
        self.progress(f"{step.label}: {done}/{total} documents", True)

    def _session(self) -> Any:
        """The transaction the migration runs in, or None."""
        return session_for(self.alias)

    def _command(self, step: Command) -> None:
        command = dict(step.command)
        target = self.db
        if step.admin:
            target = self.db.client.admin
            command = {
                key: f"{self.db.name}.{value}" if key in ("renameCollection", "to") else value
                for key, value in command.items()
            }
        try:
            target.command(command)
        except OperationFailure as exc:
            if exc.code not in step.tolerated:
                raise

    def _ensure_index(self, step: EnsureIndex) -> None:
        collection = self.db[step.collection]
        options = {key: value for key, value in step.index.items() if key != "key"}
        model = IndexModel([(key, direction) for key, direction in step.index["key"]], **options)
        diff = diff_indexes([model], [dict(index) for index in collection.list_indexes()])
        for _, present in diff.changed:
            collection.drop_index(str(present["name"]))
        if diff.missing or diff.changed:
            collection.create_indexes([model])

    def _drop_index(self, step: DropIndex) -> None:
        try:
            self.db[step.collection].drop_index(step.name)
        except OperationFailure as exc:
            if exc.code not in (INDEX_NOT_FOUND,) and "not found" not in str(exc):
                raise

    def _call(self, step: Call) -> None:
        if inspect.iscoroutinefunction(step.function):
            asyncio.run(self._await(step.function))
        else:
            step.function(self.db)

    async def _await(self, function: Callable[..., Any]) -> None:
        await function(async_connection(self.alias).db)
