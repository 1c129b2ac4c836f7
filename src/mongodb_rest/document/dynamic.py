"""DynamicEmbeddedDocument, and what every dynamic document class shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ConfigDict

from ..errors import ValidationError
from ..fields.dynamic import DynamicValue, UndeclaredName, undeclared_name_problem
from .base import EmbeddedDocument

DYNAMIC_CONFIG = ConfigDict(extra="allow")
"""The configuration that makes a document class dynamic: undeclared fields are kept."""


class UndeclaredNames:
    """Refuses assigning an undeclared field a name MongoDB cannot store or the library reserves
    (``doc.__setattr__('a.b', 1)``); the class's ``__pydantic_extra__: dict[UndeclaredName, ...]``
    refuses them as keyword arguments."""

    __slots__ = ()
    if TYPE_CHECKING:  # set on the document classes this is mixed into
        __pydantic_fields__: ClassVar[dict[str, Any]]
        __private_attributes__: ClassVar[dict[str, Any]]

    def __setattr__(self, name: str, value: Any) -> None:
        problem = undeclared_name_problem(name)
        if problem is not None and not _declared(type(self), name):
            raise ValidationError(errors={name or "__all__": [problem]})
        super().__setattr__(name, value)


def _declared(cls: type[UndeclaredNames], name: str) -> bool:
    """True when ``name`` is a field, a private attribute or a class attribute of ``cls``."""
    return name in cls.__pydantic_fields__ or name in cls.__private_attributes__ or hasattr(cls, name)


class DynamicEmbeddedDocument(UndeclaredNames, EmbeddedDocument):
    """An embedded document that also stores fields it does not declare (``comment.mood = 'happy'``)."""

    __document_base__ = True
    model_config = DYNAMIC_CONFIG
    __pydantic_extra__: dict[UndeclaredName, DynamicValue]
