"""Misusing the async face is loud: its results refuse to be used as values until awaited, naming the
call, ``await`` and ``Model.sync``; awaiting them and asyncio's helpers work as with any coroutine."""

from __future__ import annotations

import asyncio
import gc
import inspect
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.utils.encoders import JSONEncoder

from mongodb_rest import Document
from mongodb_rest.fields import FileField, StringField

from .aio.models import BlogPost, User, user_data

pytestmark = pytest.mark.usefixtures("db_name")


class MisusedFile(Document):
    title = StringField()
    file = FileField()


MISUSES: dict[str, tuple[Callable[[Any], object], str]] = {
    "bool": (bool, "truth-tested"),
    "for": (lambda result: [item for item in result], "iterated with `for`"),
    "len": (len, "measured with len()"),
    "==": (lambda result: result == True, "compared"),  # noqa: E712 - the misuse under test
    "<": (lambda result: result < 1, "compared"),
    "DRF's JSON encoder": (lambda result: json.dumps(result, cls=JSONEncoder), "iterated with `for`"),
}


@pytest.mark.parametrize("misuse", list(MISUSES))
async def test_a_result_used_as_a_value_names_the_call_await_and_sync(misuse: str) -> None:
    use, said = MISUSES[misuse]
    with pytest.raises(TypeError) as raised:
        use(User.objects.filter(email="ann@example.com").exists())
    assert str(raised.value) == (
        "User.objects.filter(...).exists() is a coroutine of the async face, not its result "
        f"(it was {said}): write `await ...` in async code, or use User.sync.objects... in sync code."
    )


@pytest.mark.parametrize("encoder", [None, DjangoJSONEncoder])
async def test_json_dumps_names_the_call(encoder: type[json.JSONEncoder] | None) -> None:
    result = User.objects.count()
    try:
        with pytest.raises(TypeError, match=re.escape("QuerySet.count() (a coroutine of the async face")):
            json.dumps({"users": result}, cls=encoder)
    finally:
        result.close()


async def test_every_public_coroutine_method_is_covered() -> None:
    from mongodb_rest.aio.files import FileProxy
    from mongodb_rest.aio.queryset import QuerySet

    for cls in (QuerySet, Document, FileProxy):
        for name, attribute in vars(cls).items():
            function = getattr(attribute, "__func__", attribute)
            if not name.startswith("_") and inspect.iscoroutinefunction(function):
                assert hasattr(function, "__wrapped__"), f"{cls.__name__}.{name}"


def calls() -> dict[str, Callable[[], Any]]:
    """Async-face calls, each with how its refusal names it."""
    user = User(**user_data())
    post = BlogPost(title="t")
    upload = MisusedFile(title="t")
    users = User.objects.filter(name="Ann")
    return {
        "User.objects.filter(...).get()": lambda: users.get(),
        "User.objects.get()": lambda: User.objects.get(name="Ann"),
        "User.objects.filter(...).first()": lambda: users.first(),
        "User.objects.filter(...).count()": lambda: users.count(),
        "User.objects.create()": lambda: User.objects.create(**user_data()),
        "User.objects.filter(...).update()": lambda: users.update(age=3),
        "User.objects.filter(...).delete()": lambda: users.delete(),
        "User.objects.aggregate()": lambda: User.objects.aggregate([{"$count": "n"}]),
        "User.objects.in_bulk()": lambda: User.objects.in_bulk([]),
        "User.objects.get_or_create()": lambda: User.objects.get_or_create(name="Ann"),
        "User.objects.bulk_create()": lambda: User.objects.bulk_create([]),
        "User.objects.distinct()": lambda: User.objects.distinct("name"),
        "User.objects[...]": lambda: User.objects[0],
        "User(...).save()": lambda: user.save(),
        "User(...).delete()": lambda: user.delete(),
        "User(...).reload()": lambda: user.reload(),
        "BlogPost(...).fetch()": lambda: post.fetch("author"),
        "User.ensure_indexes()": lambda: User.ensure_indexes(),
        "User.list_indexes()": lambda: User.list_indexes(),
        "MisusedFile(...).file.read()": lambda: upload.file.read(),
        "MisusedFile(...).file.put()": lambda: upload.file.put(b"x"),
    }


@pytest.mark.parametrize("call", list(calls()))
async def test_each_call_is_refused_by_name(call: str) -> None:
    result = calls()[call]()
    sync = call.split(".")[0].split("(")[0] + (".sync.objects..." if ".objects" in call else ".sync")
    with pytest.raises(TypeError, match=re.escape(f"{call} is a coroutine of the async face")) as raised:
        bool(result)
    assert f"or use {sync} in sync code." in str(raised.value)


async def test_awaiting_and_the_event_loop_helpers_still_work() -> None:
    await User(**user_data()).save()
    assert await User.objects.count() == 1
    counted, first = await asyncio.gather(User.objects.count(), User.objects.first())
    assert counted == 1 and first is not None and first.name == "John Doe"
    assert await asyncio.create_task(User.objects.exists()) is True
    assert await asyncio.wait_for(User.objects.get(name="John Doe"), timeout=10) == first
    result = User.objects.count()
    assert asyncio.iscoroutine(result)
    result.close()
    assert await asyncio.to_thread(asyncio.run, User.objects.count()) == 1  # a loop of its own
    assert inspect.iscoroutinefunction(User.objects.count)
    assert asyncio.iscoroutinefunction(User.save)


async def test_a_result_never_awaited_still_warns() -> None:
    with pytest.warns(RuntimeWarning, match="coroutine 'QuerySet.count' was never awaited"):
        User.objects.count()
        gc.collect()


async def test_repr_names_the_call() -> None:
    result = User(**user_data()).save()
    assert repr(result) == "<coroutine User(...).save() of the async face>"
    result.close()
