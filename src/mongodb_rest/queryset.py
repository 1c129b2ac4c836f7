"""Face-neutral query helpers: ``from mongodb_rest.queryset import Q``."""

from .query.q import Q

__all__ = ["Q"]
