"""MongoDB documents for Django and Django REST Framework: Pydantic models, async first.

``mongodb_rest`` is the async face (``await user.save()``); ``mongodb_rest.sync`` mirrors it with
blocking calls.
"""

from . import sync as sync  # registers the sync face with the core, as .aio does the async one
from .aio import *  # noqa: F403
from .aio import __all__ as __all__
