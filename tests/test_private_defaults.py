"""A document's private attributes: immutable defaults are shared (no deep copy per instance), while a
mutable default and a class's own ``model_post_init`` keep Pydantic's behaviour."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import PrivateAttr
from pydantic._internal import _model_construction

from mongodb_rest import Document
from mongodb_rest.context_managers import UNSWITCHED
from mongodb_rest.fields import StringField


class Plain(Document):
    name = StringField()


class WithCache(Document):
    name = StringField()
    _cache: dict[str, Any] = PrivateAttr(default={})


class WithHook(Document):
    name = StringField()
    _seen: bool = PrivateAttr(default=False)

    def model_post_init(self, context: Any, /) -> None:
        self._seen = True


def test_immutable_defaults_are_shared_not_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(_model_construction, "init_private_attributes", lambda *args: calls.append(args))
    first, second = Plain(name="a"), Plain(name="b")
    assert first._private()["_target"] is UNSWITCHED and second._private()["_target"] is UNSWITCHED
    assert first._private() is not second._private()  # each instance has its own dict of them
    first._private()["_partial"] = True
    assert second._private()["_partial"] is False
    assert Plain.sync(name="c")._private()["_target"] is UNSWITCHED  # the twin too
    assert calls == []  # Pydantic's per-instance copying of each default did not run


def test_a_mutable_default_is_still_copied_per_instance() -> None:
    first, second = WithCache(name="a"), WithCache(name="b")
    first._cache["k"] = 1
    assert second._cache == {} and first._private()["_target"] == UNSWITCHED  # Pydantic copies it


def test_a_class_own_model_post_init_still_runs() -> None:
    document = WithHook(name="a")
    assert document._seen is True and document._private()["_snapshot"] is None
