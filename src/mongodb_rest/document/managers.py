"""Function-based managers (MongoEngine's ``@queryset_manager``) and the QuerySet class a document uses
(``meta['queryset_class']``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import DefinitionError

if TYPE_CHECKING:
    from .base import BaseDocument

Manager = Callable[[Any, Any], Any]


class ClassDescriptor:
    """A class-level attribute of documents that Pydantic must leave alone (``objects``, ``sync``...)."""


class QuerySetManager(ClassDescriptor):
    """``Model.<name>``: what the decorated function makes of the class and its plain QuerySet."""

    def __init__(self, function: Manager) -> None:
        self.function = function
        self.__doc__ = function.__doc__

    def __get__(self, instance: object, owner: type[Any]) -> Any:
        return self.function(owner, owner._default_manager)


def queryset_manager(function: Manager) -> QuerySetManager:
    """Decorate ``def live(doc_cls, queryset): return queryset.filter(...)`` in a document class body:
    ``Model.live`` is then that QuerySet (``queryset``: all the class's documents, of its
    ``queryset_class``). Named ``objects``, it replaces the default manager."""
    if not callable(function):
        raise TypeError("queryset_manager decorates a function (doc_cls, queryset) -> QuerySet.")
    return QuerySetManager(function)


def managers_of(cls: type[BaseDocument]) -> dict[str, QuerySetManager]:
    """The ``@queryset_manager`` attributes ``cls`` has (its own and inherited), by name."""
    found: dict[str, QuerySetManager] = {}
    for klass in reversed(cls.__mro__):
        found.update(
            {name: value for name, value in vars(klass).items() if isinstance(value, QuerySetManager)}
        )
    return found


def queryset_class[Q: type](cls: type[BaseDocument], plain: Q) -> Q:
    """The QuerySet class of ``cls`` on the face whose QuerySet is ``plain``: ``meta['queryset_class']``
    when it is declared and subclasses ``plain``, else ``plain`` (a twin on the other face gets it)."""
    custom = cls._meta.queryset_class
    if custom is None:
        return plain
    if isinstance(custom, type) and issubclass(custom, plain):
        return custom  # type: ignore[return-value]
    if cls._twin_of is None:
        raise DefinitionError(
            f"{cls.__name__}.meta['queryset_class'] {getattr(custom, '__name__', custom)!r} must subclass "
            f"{plain.__module__.rsplit('.', 1)[0]}.QuerySet, the QuerySet of {cls.__name__}'s face."
        )
    return plain
