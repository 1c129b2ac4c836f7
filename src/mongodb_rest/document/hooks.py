"""Running a document's ``clean()``, plain or async, from either face (asgiref bridges the worlds)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync, sync_to_async
from django.core.exceptions import ValidationError as DjangoValidationError

from ..errors import ValidationError
from ..fields.base import django_messages

if TYPE_CHECKING:
    from .base import BaseDocument


_inherited_cleans: set[Callable[..., Any]] = set()


def inherited_clean[F: Callable[..., Any]](method: F) -> F:
    """Mark the ``clean()`` that document classes declaring none inherit."""
    _inherited_cleans.add(method)
    return method


def defines_clean(cls: type[BaseDocument]) -> bool:
    """True when ``cls`` defines its own ``clean()``."""
    return cls.clean not in _inherited_cleans


def overrides_clean(doc: BaseDocument) -> bool:
    """True when the document's class defines its own ``clean()``."""
    return defines_clean(type(doc))


@contextmanager
def _as_validation_errors() -> Iterator[None]:
    try:
        yield
    except ValidationError:
        raise
    except DjangoValidationError as exc:
        raise ValidationError(django_messages(exc)) from None
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def run_clean(doc: BaseDocument) -> None:
    """Run ``clean()`` from sync code (an async one through ``async_to_sync``)."""
    if not overrides_clean(doc):
        return
    with _as_validation_errors():
        if inspect.iscoroutinefunction(doc.clean):
            async_to_sync(doc.clean)()
        else:
            doc.clean()


async def run_clean_async(doc: BaseDocument) -> None:
    """Run ``clean()`` from async code (a plain one in a thread through ``sync_to_async``)."""
    if not overrides_clean(doc):
        return
    with _as_validation_errors():
        if inspect.iscoroutinefunction(doc.clean):
            await doc.clean()
        else:
            await sync_to_async(doc.clean)()
