"""QuerySets answer truth and length as Django's do on the sync face, and name the fix on the async one;
iterating or awaiting a QuerySet of the wrong face says what to write instead."""

from __future__ import annotations

import re

import pytest

from ..conftest import CommandRecorder
from .models import User, user_data

_IS_SYNC = False
pytestmark = pytest.mark.usefixtures("db_name")


async def test_queryset_truth_and_length(commands: CommandRecorder) -> None:
    await User(**user_data()).save()
    await User(**user_data(name="Ann")).save()
    users = User.objects.order_by("name")
    nobody = User.objects.filter(name="Nobody")
    commands.clear()
    if _IS_SYNC:  # as Django's: evaluated once, then answered from the cache
        assert bool(users) is True
        assert len(users) == 2
        assert [user.name for user in users] == ["Ann", "John Doe"]
        assert list(users) == list(users)
        assert users.exists() and users.count() == 2
        assert bool(nobody) is False and len(nobody) == 0
        assert len(commands.named("find")) == 2
        return
    with pytest.raises(TypeError, match=re.escape("write `await qs.exists()` in async code")) as raised:
        bool(users)
    assert str(raised.value).startswith("User.objects is a QuerySet of the async face")
    assert "or use User.sync.objects... in sync code" in str(raised.value)
    with pytest.raises(TypeError, match=re.escape("write `await qs.count()` in async code")) as raised:
        len(nobody)
    assert str(raised.value).startswith("User.objects.filter(...) is a QuerySet of the async face")
    assert commands.named("find") == []


async def test_iterating_an_async_queryset_with_for_names_async_for() -> None:
    if _IS_SYNC:
        assert [user for user in User.objects.all()] == []
        return
    for misuse in (lambda qs: [user for user in qs], list, tuple):
        with pytest.raises(TypeError, match=re.escape("iterate it with `async for` in async code")):
            misuse(User.objects.all())


async def test_awaiting_a_queryset_says_what_to_write() -> None:
    if _IS_SYNC:
        with pytest.raises(TypeError, match=re.escape("use User.aio.objects... in async code")):
            User.objects.all().__await__()
        return
    with pytest.raises(TypeError, match=re.escape("write `[x async for x in qs]` for its documents")):
        await User.objects.filter(name="Ann")
