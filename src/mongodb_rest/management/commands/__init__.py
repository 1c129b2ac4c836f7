"""``mongodb_indexes``, ``mongodb_inspect`` and ``mongodb_ping``."""
