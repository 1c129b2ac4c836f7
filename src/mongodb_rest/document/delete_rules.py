"""reverse_delete_rule: what deleting a document does to the documents that reference it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..fields.containers import ListField
from ..fields.references import CASCADE, DENY, DO_NOTHING, NULLIFY, PULL, ReferenceField
from . import registry

if TYPE_CHECKING:
    from .base import TopLevelDocument


@dataclass(frozen=True, slots=True)
class DeleteRule:
    """``referrer.field`` references the deleted document's class with ``rule``."""

    referrer: type[TopLevelDocument]
    field: str
    rule: int
    many: bool  # a list of references

    def lookup(self, document: TopLevelDocument) -> dict[str, Any]:
        """The filter lookups of the referrers of ``document``."""
        return {self.field: document.id}

    def denial(self, document: TopLevelDocument) -> str:
        """Why DENY refuses to delete ``document``."""
        return (
            f"Cannot delete {type(document).__name__} {document.id}: {self.referrer.__name__}.{self.field} "
            "references it (reverse_delete_rule=DENY). Nothing was deleted."
        )

    def update(self, document: TopLevelDocument) -> dict[str, Any]:
        """What NULLIFY and PULL change in each referrer."""
        if self.rule == PULL or (self.rule == NULLIFY and self.many):
            return {f"pull__{self.field}": document.id}
        return {f"unset__{self.field}": True}


def delete_rules(cls: type[TopLevelDocument]) -> list[DeleteRule]:
    """The rules of every reference field (or list of them) pointing at ``cls``, DENY rules first."""
    target = cls._twin_of or cls
    rules = []
    for referrer in registry.all_documents():
        if referrer._embedded or referrer._meta.abstract or referrer._twin_of is not None:
            continue
        for name, field in referrer._fields.items():
            many = isinstance(field, ListField)
            reference = field.field if isinstance(field, ListField) else field
            if not isinstance(reference, ReferenceField) or reference.reverse_delete_rule == DO_NOTHING:
                continue
            try:
                referenced = reference.document_type
            except LookupError:  # names a class that is not defined: nothing can reference ours
                continue
            if issubclass(target, referenced):
                rules.append(DeleteRule(referrer, name, reference.reverse_delete_rule, many))  # type: ignore[arg-type]
    return sorted(rules, key=lambda rule: rule.rule != DENY)


__all__ = ["CASCADE", "DENY", "NULLIFY", "PULL", "DeleteRule", "delete_rules"]
