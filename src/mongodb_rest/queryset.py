"""Face-neutral query helpers: ``from mongodb_rest.queryset import Q, Sum, Avg, Min, Max, Count``, and
``UpdateResult``, what ``update()`` returns."""

from .query.aggregation import Aggregate, Avg, Count, Max, Min, Sum
from .query.q import Q
from .query.replies import UpdateResult

__all__ = ["Aggregate", "Avg", "Count", "Max", "Min", "Q", "Sum", "UpdateResult"]
