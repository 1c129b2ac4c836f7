"""What the async face's calls return: coroutines that refuse to be used as values until awaited.

``if User.objects.filter(email=e).exists():`` in sync code would test a coroutine, which is always true;
here it raises a ``TypeError`` naming the call, ``await`` and ``Model.sync``. The sync face carries none
of this: tools/unasync.py drops the decorators.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine, Generator
from types import TracebackType
from typing import Any, ClassVar, NoReturn

from .query.base import subject_of, sync_hint


class AsyncResult[T](Coroutine[Any, Any, T]):
    """The coroutine of an async-face call, with the same ``await``, ``send``, ``throw`` and ``close``
    (so ``asyncio.run``, ``gather``, ``create_task`` and ``wait_for`` take it, and Python still warns when
    it is never awaited), refusing truth tests, ``for``, ``len()``, comparisons and JSON encoding.

    Each decorated method has its own subclass, whose ``__name__`` names the call and the fix: that is
    what ``json.dumps`` and Django's encoder print ("Object of type ... is not JSON serializable").
    """

    __slots__ = ("_coroutine", "_owner")
    _method: ClassVar[str] = ""

    def __init__(self, coroutine: Coroutine[Any, Any, T], owner: object) -> None:
        self._coroutine = coroutine
        self._owner = owner

    def send(self, value: Any) -> Any:
        return self._coroutine.send(value)

    def throw(self, kind: Any, value: Any = None, traceback: TracebackType | None = None, /) -> Any:
        if value is None and traceback is None:  # the one-argument form: the others are deprecated
            return self._coroutine.throw(kind)
        return self._coroutine.throw(kind, value, traceback)

    def close(self) -> None:
        self._coroutine.close()

    def __await__(self) -> Generator[Any, None, T]:
        return self._coroutine.__await__()

    def __getattr__(self, name: str) -> Any:
        """``cr_frame``, ``__qualname__``...: the wrapped coroutine's (asyncio's task reprs read them)."""
        return getattr(object.__getattribute__(self, "_coroutine"), name)

    def __repr__(self) -> str:
        return f"<coroutine {call_of(self._owner, self._method)} of the async face>"

    __hash__ = object.__hash__  # asyncio.gather() keys a dict by its arguments

    def _refuse(self, misuse: str) -> NoReturn:
        self._coroutine.close()  # the error says it all: no "never awaited" warning on top
        raise TypeError(
            f"{call_of(self._owner, self._method)} is a coroutine of the async face, not its result "
            f"(it was {misuse}): write `await ...` in async code, or use {sync_hint(self._owner)} "
            "in sync code."
        )

    def __bool__(self) -> bool:
        self._refuse("truth-tested")

    def __iter__(self) -> NoReturn:  # also what DRF's JSON encoder tries on objects it does not know
        self._refuse("iterated with `for`")

    def __len__(self) -> int:
        self._refuse("measured with len()")

    def _compared(self, other: object) -> bool:
        self._refuse("compared")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _compared


def must_await[**P, T](
    function: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Coroutine[Any, Any, T]]:
    """The coroutine method ``function``, its coroutines wrapped in an AsyncResult that names the call."""
    name = function.__name__
    shown = f"{function.__qualname__}() (a coroutine of the async face: write `await ...`, or use Model.sync)"
    result = type(shown, (AsyncResult,), {"__slots__": (), "__qualname__": "AsyncResult", "_method": name})

    @functools.wraps(function)
    def method(*args: P.args, **kwargs: P.kwargs) -> Coroutine[Any, Any, T]:
        return result(function(*args, **kwargs), args[0])  # type: ignore[no-any-return]

    return inspect.markcoroutinefunction(method)


def must_await_methods[C: type](cls: C) -> C:
    """``cls`` with every public coroutine method (and classmethod) wrapped by ``must_await``."""
    for name, attribute in list(vars(cls).items()):
        if name.startswith("_"):
            continue
        if isinstance(attribute, classmethod) and inspect.iscoroutinefunction(attribute.__func__):
            setattr(cls, name, classmethod(must_await(attribute.__func__)))
        elif inspect.iscoroutinefunction(attribute):
            setattr(cls, name, must_await(attribute))
    return cls


def call_of(owner: object, method: str) -> str:
    """How the call was written: ``User.objects.filter(...).exists()``, ``User(...).save()``,
    ``User.ensure_indexes()``, ``User(...).avatar.read()``, ``User.objects[...]``."""
    call = "[...]" if method == "_nth" else f".{method}()"
    return f"{subject_of(owner)}{call}"


async def settled(value: Any) -> Any:
    """``value``, awaited when the driver returned an awaitable (PyMongo's async API and Motor differ
    on which calls are coroutines); the sync face calls without it."""
    return await value if inspect.isawaitable(value) else value
