"""Signals across faces: a receiver of the declared class fires through its twin, async receivers fire
from the sync face, and sync receivers run off the event loop's thread on the async face."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from mongodb_rest import Document
from mongodb_rest.fields import StringField
from mongodb_rest.signals import post_init, post_save, pre_save

pytestmark = pytest.mark.usefixtures("db_name")


class Profile(Document):
    name = StringField(required=True)


@pytest.fixture
def events() -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def sync_receiver(sender: Any, document: Any, **kwargs: Any) -> None:
        seen.append(("sync", threading.get_ident()))

    async def async_receiver(sender: Any, document: Any, **kwargs: Any) -> None:
        seen.append(("async", threading.get_ident()))

    pre_save.connect(sync_receiver, sender=Profile)
    post_save.connect(async_receiver, sender=Profile)
    yield seen
    pre_save.disconnect(sync_receiver, sender=Profile)
    post_save.disconnect(async_receiver, sender=Profile)


def test_receivers_of_the_declared_class_fire_through_the_sync_twin(events: list[tuple[str, Any]]) -> None:
    Profile.sync(name="via twin").save()
    assert [kind for kind, _ in events] == ["sync", "async"]  # the async receiver ran through async_to_sync


async def test_sync_receivers_run_off_the_event_loop_thread(events: list[tuple[str, Any]]) -> None:
    await Profile(name="async face").save()
    loop_thread = threading.get_ident()
    kinds = dict(events)
    assert kinds["sync"] != loop_thread  # sync_to_async: the loop is never blocked
    assert kinds["async"] == loop_thread


def test_init_receivers_must_be_sync() -> None:
    async def not_allowed(sender: Any, **kwargs: Any) -> None:
        await asyncio.sleep(0)

    with pytest.raises(TypeError, match="make them sync"):
        post_init.connect(not_allowed)
