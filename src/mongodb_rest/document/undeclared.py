"""The stored keys an embedded document's class does not declare: remembered when the document is
read, kept through validation, copies and pickling, and written back by ``to_mongo()``, so saving
a document never drops what a newer release (or a removed field) left in its embedded documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from .privates import set_private

KEY = "_undeclared"  # their place in the embedded document's ``__pydantic_private__``


def private_reader(
    declared: frozenset[str],
) -> Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any] | None]:
    """The function giving the private state of an embedded document read from stored ``data``, given
    the state ``private`` its class's defaults make (None: none): with its keys outside ``declared``,
    in stored order, when there are some."""

    def read(data: dict[str, Any], private: dict[str, Any] | None) -> dict[str, Any] | None:
        if data.keys() <= declared:
            return private
        stored = {key: value for key, value in data.items() if key not in declared}
        if private is None:
            return {KEY: stored}
        private[KEY] = stored
        return private

    return read


def kept(document: BaseModel) -> dict[str, Any] | None:
    """The undeclared stored keys ``document`` remembers (None for one built in code)."""
    private = document.__pydantic_private__
    return None if private is None else private.get(KEY)


def carried[M: BaseModel](source: Any, validated: M) -> M:
    """``validated`` (``source`` validated again, as an assignment or a save does) with the
    undeclared stored keys ``source`` remembers, when both are of one class."""
    if type(source) is type(validated) and (stored := kept(source)) is not None:
        set_private(validated, {**(validated.__pydantic_private__ or {}), KEY: stored})
    return validated
