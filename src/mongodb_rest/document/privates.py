"""A document's private attributes set from shared immutable defaults, without Pydantic's deep copies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic._internal._model_construction import init_private_attributes
from pydantic_core import PydanticUndefined

if TYPE_CHECKING:
    from .base import BaseDocument

# sets an instance's private state without the checks of Pydantic's __setattr__
set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_IMMUTABLE = (type(None), bool, int, float, str, bytes, frozenset)


def _immutable(value: Any) -> bool:
    if is_dataclass(value) and not isinstance(value, type):
        params = type(value).__dataclass_params__  # type: ignore[attr-defined]
        return bool(params.frozen) and all(_immutable(getattr(value, f.name)) for f in fields(value))
    return isinstance(value, _IMMUTABLE)


def _pydantic_only(method: Any) -> bool:
    """True when ``model_post_init`` only sets private attributes (no user code runs in it)."""
    while method is not None:
        if method is init_private_attributes or getattr(method, "sets_privates", False):
            return True
        method = getattr(method, "__wrapped__", None)
    return False


def sets_privates_only(cls: type[BaseModel]) -> bool:
    """True when building a ``cls`` runs no ``model_post_init`` of its own (only private defaults)."""
    method = cls.model_post_init
    return method is BaseModel.model_post_init or _pydantic_only(method)


def private_initializer(cls: type[BaseDocument]) -> Callable[[BaseModel, Any], None] | None:
    """The ``model_post_init`` that gives an instance of ``cls`` its private attributes' defaults.

    Pydantic deep-copies each default (after wrapping ``model_post_init`` once per subclass), which is
    a large share of building a document; when every default is immutable, one shared dict is copied
    instead. None when a default is mutable or the class defines its own ``model_post_init``.

    A subclass's ``model_post_init`` may run it through ``super()`` after its own privates were set
    (Pydantic's, or a user hook's): then it leaves them as they are."""
    privates = cls.__private_attributes__
    if not privates or not _pydantic_only(cls.model_post_init):
        return None
    defaults = {}
    for name, private in privates.items():
        if private.default_factory is not None or not _immutable(private.default):
            return None
        if private.default is not PydanticUndefined:
            defaults[name] = private.default

    def set_privates(self: BaseModel, context: Any, /) -> None:
        if type(self) is cls or getattr(self, "__pydantic_private__", None) is None:
            set_private(self, defaults.copy())

    set_privates.sets_privates = True  # type: ignore[attr-defined]
    return set_privates


def loaded_defaults(cls: type[BaseDocument]) -> dict[str, tuple[Any, Callable[[dict[str, Any]], Any] | None]]:
    """The defaults a ``cls`` instance read from the database takes for the private attributes its
    class declares beyond the library's own (which readers set themselves), by name: ``(value, None)``
    for a shared immutable default, ``(None, make)`` when ``make(values)`` gives each instance its own
    (a factory, or a copy of a mutable default). Attributes without a default are left out."""
    library: set[str] = set()
    for base in cls.__mro__:
        if base.__dict__.get("__document_base__"):
            library.update(getattr(base, "__private_attributes__", ()))
    defaults: dict[str, tuple[Any, Callable[[dict[str, Any]], Any] | None]] = {}
    for name, private in cls.__private_attributes__.items():
        if name in library or (private.default_factory is None and private.default is PydanticUndefined):
            continue
        if private.default_factory is None and _immutable(private.default):
            defaults[name] = (private.default, None)
        else:
            defaults[name] = (None, _maker(private.get_default))
    return defaults


def _maker(get_default: Callable[..., Any]) -> Callable[[dict[str, Any]], Any]:
    def make(values: dict[str, Any]) -> Any:
        return get_default(call_default_factory=True, validated_data=values)

    return make
