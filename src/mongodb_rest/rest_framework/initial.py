"""Whether an async view's ``initial()`` may run on the event loop's thread instead of a worker thread.

adrf runs DRF's ``initial()`` (content negotiation, versioning, authentication, permissions, throttles)
through ``sync_to_async`` on every request, because any of them may block: DRF's authentication classes
read the user from Django's database (sessions, tokens, passwords), DRF's throttles read Django's cache.
The library's async views run it inline when nothing it calls can block:

- no authentication class, or only classes declaring ``event_loop_safe = True`` (the user is then
  ``UNAUTHENTICATED_USER`` or what those classes return);
- permission classes whose ``has_permission`` is DRF's ``AllowAny``, ``IsAuthenticated``,
  ``IsAdminUser`` or ``IsAuthenticatedOrReadOnly`` one (they only read the user already authenticated),
  or classes declaring ``event_loop_safe = True``;
- no throttle class (adrf's ``check_throttles`` goes through ``async_to_sync`` whenever there is one);
- DRF's own content negotiation and versioning classes, and the view's methods that ``initial()`` calls
  are DRF's, adrf's or the library's.

Declared classes must do no blocking I/O and have synchronous methods (adrf drives coroutine ones
through ``async_to_sync``, which needs a worker thread). Anything else keeps the thread hop.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from functools import cache
from typing import Any

from rest_framework import permissions

PURE_PERMISSIONS = frozenset(  # DRF's has_permission functions that only read request.user and the method
    {
        permissions.AllowAny.has_permission,
        permissions.IsAuthenticated.has_permission,
        permissions.IsAdminUser.has_permission,
        permissions.IsAuthenticatedOrReadOnly.has_permission,
    }
)
FRAMEWORK_MODULES = ("rest_framework.", "adrf.", "mongodb_rest.rest_framework.")
INITIAL_METHODS = (  # what DRF's initial() calls on the view
    "initial",
    "get_format_suffix",
    "perform_content_negotiation",
    "get_renderers",
    "get_content_negotiator",
    "determine_version",
    "perform_authentication",
    "get_authenticators",
    "check_permissions",
    "get_permissions",
    "check_throttles",
    "get_throttles",
)


def runs_inline(view: Any) -> bool:
    """True when ``view.initial()`` does no blocking I/O, so it may run on the event loop's thread.

    Read per request from the view instance: an ``@action`` may set its own classes."""
    return (
        _framework_methods(view.__class__)
        and _declared_safe(view.authentication_classes, "authenticate")
        and _declared_safe(view.permission_classes, "has_permission", PURE_PERMISSIONS)
        and not view.throttle_classes
        and _framework_class(view.content_negotiation_class)
        and (view.versioning_class is None or _framework_class(view.versioning_class))
    )


@cache
def _framework_methods(view_class: type[Any]) -> bool:
    return all(
        getattr(getattr(view_class, name), "__module__", "").startswith(FRAMEWORK_MODULES)
        for name in INITIAL_METHODS
    )


def _framework_class(cls: Any) -> bool:
    return isinstance(cls, type) and cls.__module__.startswith(FRAMEWORK_MODULES)


def _declared_safe(classes: Iterable[Any], method: str, pure: frozenset[Any] = frozenset()) -> bool:
    for cls in classes:
        if not isinstance(cls, type):  # DRF's composed permissions (A | B): adrf awaits their parts
            return False
        function = getattr(cls, method, None)
        if inspect.iscoroutinefunction(function):
            return False
        if function not in pure and getattr(cls, "event_loop_safe", False) is not True:
            return False
    return True
