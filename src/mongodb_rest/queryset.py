"""Face-neutral query helpers: ``from mongodb_rest.queryset import Q, Sum, Avg, Min, Max, Count``."""

from .query.aggregation import Aggregate, Avg, Count, Max, Min, Sum
from .query.q import Q

__all__ = ["Aggregate", "Avg", "Count", "Max", "Min", "Q", "Sum"]
