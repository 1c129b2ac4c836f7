"""What ``mongodb_indexes`` does to one collection: the indexes to create and drop, and what it refuses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pymongo import IndexModel

from .indexes import IndexDiff, declared_indexes, diff_indexes, index_signature

if TYPE_CHECKING:
    from .document.base import BaseDocument


@dataclass
class IndexPlan:
    """The declared and present indexes of one collection, and how to bring them together."""

    collection: str
    labels: list[str]  # the document classes stored in it
    diff: IndexDiff
    create: list[IndexModel] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)  # index names
    conflicts: list[str] = field(default_factory=list)  # what cannot be done as asked

    def lines(self) -> list[str]:
        """The differences, one line each (empty when the collection is in sync)."""
        return self.diff.lines()


def collection_declarations(
    documents: Iterable[type[BaseDocument]],
) -> dict[str, tuple[list[type[BaseDocument]], list[IndexModel], list[str]]]:
    """By collection: its document classes (a hierarchy shares one), the union of their declared indexes,
    and a line for each pair of classes declaring the same keys with different options."""
    collections: dict[str, tuple[list[type[BaseDocument]], list[IndexModel], list[str]]] = {}
    for cls in documents:
        name = str(cls._meta.collection)
        classes, models, clashes = collections.setdefault(name, ([], [], []))
        classes.append(cls)
        known = {index_signature(model.document)[0]: model for model in models}
        for model in declared_indexes(cls):
            keys, options = index_signature(model.document)
            if keys not in known:
                models.append(model)
                known[keys] = model
            elif index_signature(known[keys].document)[1] != options:
                clashes.append(
                    f"{cls._meta.label} declares {model.document['name']} with other options than another "
                    f"class stored in {name!r}."
                )
    return collections


def plan_indexes(
    collection: str,
    classes: list[type[BaseDocument]],
    declared: list[IndexModel],
    present: list[dict[str, Any]],
    drop_extra: bool,
) -> IndexPlan:
    """Create what is missing; with ``drop_extra`` drop what is not declared and rebuild what changed,
    else report changed indexes as conflicts (MongoDB cannot change an index's options in place)."""
    diff = diff_indexes(declared, present)
    plan = IndexPlan(collection, [cls._meta.label for cls in classes], diff)
    by_keys = {index_signature(model.document)[0]: model for model in declared}
    plan.create = [by_keys[index_signature(index)[0]] for index in diff.missing]
    for wanted, existing in diff.changed:
        if drop_extra:
            plan.drop.append(str(existing["name"]))
            plan.create.append(by_keys[index_signature(wanted)[0]])
        else:
            plan.conflicts.append(
                f"{existing['name']} differs from its declaration: rerun with --drop-extra to rebuild it."
            )
    if drop_extra:
        plan.drop.extend(str(index["name"]) for index in diff.extra)
    return plan
