"""The ``Idempotency-Key`` request header: a retried create (or an ``@action`` marked ``@idempotent``)
answers its first attempt's response again instead of writing twice.

Records live in the ``mongodb_rest_idempotency`` collection of the view's document alias, kept
``settings.MONGODB_IDEMPOTENCY_EXPIRY`` seconds (24 hours by default); a claim left by a process that died
is taken over after ``settings.MONGODB_IDEMPOTENCY_LOCK_TIMEOUT`` seconds (60 by default).
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.http.request import RawPostDataException
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .. import idempotency
from ..aio import idempotency as aio_records
from ..connection import DEFAULT_ALIAS
from ..context_managers import target
from ..document.base import BaseDocument
from ..idempotency import Decision
from ..sync import idempotency as sync_records
from .exceptions import Conflict

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MARK = "idempotent"  # set on handlers that honour the header, for the OpenAPI description
EXPIRY = 24 * 60 * 60
LOCK_TIMEOUT = 60
logger = logging.getLogger(__name__)


class KeyReused(exceptions.APIException):
    """422: the Idempotency-Key was sent before with another request (another body, method or path)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used for a different request; send a new key."
    default_code = "idempotency_key_reused"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One request carrying a key: the alias its record lives on and the claim it stores."""

    alias: str
    claimed: dict[str, Any]
    now: datetime


def _seconds(name: str, default: int) -> timedelta:
    return timedelta(seconds=float(getattr(settings, name, default)))


def _alias(view: Any) -> str:
    """The alias of the view's documents (the default one for views without a document queryset)."""
    try:
        model = getattr(view.get_queryset(), "model", None)
    except AssertionError:  # DRF's: the view has no queryset
        return DEFAULT_ALIAS
    return target(model)[0] if isinstance(model, type) and issubclass(model, BaseDocument) else DEFAULT_ALIAS


def _user(request: Any) -> str:
    user = getattr(request, "user", None)
    return str(user.pk) if user is not None and getattr(user, "is_authenticated", False) else ""


def _body(request: Any) -> bytes:
    """The request's body; its parsed data when something (a permission...) has read the body already."""
    try:
        return bytes(request.body)
    except RawPostDataException:
        return json.dumps(request.data, cls=JSONEncoder, sort_keys=True, default=repr).encode()


def _attempt(view: Any, request: Any, handler: Callable[..., Any]) -> Attempt | None:
    """The attempt of a request carrying a key (None without the header); 400 for a malformed key."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    error = idempotency.key_error(key)
    if error is not None:
        raise exceptions.ValidationError({HEADER: [error]})
    scope = f"{type(view).__module__}.{type(view).__qualname__}.{handler.__name__}"
    now = datetime.now(UTC)
    request_hash = idempotency.fingerprint(request.method, request.get_full_path(), _body(request))
    record = idempotency.record_id(key, scope, _user(request))
    claimed = idempotency.claim(
        record, request_hash, now, _seconds("MONGODB_IDEMPOTENCY_LOCK_TIMEOUT", LOCK_TIMEOUT)
    )
    return Attempt(_alias(view), claimed, now)


def _answer(decision: Decision, stored: Mapping[str, Any] | None) -> Any:
    """The response of a request whose key is taken: the first attempt's again, 409 or 422."""
    if decision is Decision.MISMATCH:
        raise KeyReused()
    if decision is not Decision.REPLAY or stored is None:
        raise Conflict("A request with this Idempotency-Key is still running; retry later.")
    response: HttpResponse
    if "data" in stored:
        response = Response(json.loads(stored["data"]), status=stored["status"])
    else:
        response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response[REPLAYED] = "true"
    return response


def _outcome(response: Any) -> dict[str, Any] | None:
    """What a record keeps of ``response`` to answer it again; None for a 5xx (the key is released)."""
    if response.status_code >= status.HTTP_500_INTERNAL_SERVER_ERROR:
        return None
    outcome: dict[str, Any] = {
        "status": response.status_code,
        "headers": [list(item) for item in response.items()],
    }
    if isinstance(response, Response):  # not rendered yet: its data, rendered again as negotiated
        outcome["data"] = json.dumps(response.data, cls=JSONEncoder)
    else:
        outcome["content"] = bytes(response.content)
    return outcome


def _completion(response: Any) -> dict[str, Any] | None:
    outcome = _outcome(response)
    if outcome is None:
        return None
    expiry = _seconds("MONGODB_IDEMPOTENCY_EXPIRY", EXPIRY)
    return idempotency.completion(outcome, datetime.now(UTC), expiry)


@contextmanager
def _logged(step: str) -> Iterator[None]:
    """A failed completion or release leaves the claim to time out: logged, the response unchanged."""
    try:
        yield
    except Exception:
        logger.warning("Could not %s an idempotency record; it expires with its lock.", step, exc_info=True)


def idempotent[F: Callable[..., Any]](handler: F) -> F:
    """Make a view method (sync or async, e.g. under ``@action``) honour the ``Idempotency-Key`` header.

    Without the header the method runs as it is. With it, the first request claims the key; a retry with
    the same body answers the first response again (header ``Idempotent-Replayed: true``), a retry while
    the first runs answers 409, the key sent with another body 422, a malformed key 400. A request that
    failed (an exception or a 5xx) releases the key.
    """
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def async_handler(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            attempt = _attempt(view, request, handler)
            if attempt is None:
                return await handler(view, request, *args, **kwargs)
            decision, stored = await aio_records.claim(attempt.alias, attempt.claimed, attempt.now)
            if decision is not Decision.PROCEED:
                return _answer(decision, stored)
            try:
                response = await handler(view, request, *args, **kwargs)
            except BaseException:
                with _logged("release"):
                    await aio_records.release(attempt.alias, attempt.claimed)
                raise
            update = _completion(response)
            with _logged("complete" if update else "release"):
                if update is None:
                    await aio_records.release(attempt.alias, attempt.claimed)
                else:
                    await aio_records.complete(attempt.alias, attempt.claimed, update)
            return response

        setattr(async_handler, MARK, True)
        return async_handler  # type: ignore[return-value]

    @functools.wraps(handler)
    def sync_handler(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        attempt = _attempt(view, request, handler)
        if attempt is None:
            return handler(view, request, *args, **kwargs)
        decision, stored = sync_records.claim(attempt.alias, attempt.claimed, attempt.now)
        if decision is not Decision.PROCEED:
            return _answer(decision, stored)
        try:
            response = handler(view, request, *args, **kwargs)
        except BaseException:
            with _logged("release"):
                sync_records.release(attempt.alias, attempt.claimed)
            raise
        update = _completion(response)
        with _logged("complete" if update else "release"):
            if update is None:
                sync_records.release(attempt.alias, attempt.claimed)
            else:
                sync_records.complete(attempt.alias, attempt.claimed, update)
        return response

    setattr(sync_handler, MARK, True)
    return sync_handler  # type: ignore[return-value]


class IdempotentCreateMixin:
    """``create`` honours the ``Idempotency-Key`` header: put it first in the bases of DRF's
    ``ModelViewSet`` (or ``CreateAPIView``) over sync-face documents."""

    @idempotent
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().create(request, *args, **kwargs)  # type: ignore[misc]


class AsyncIdempotentCreateMixin:
    """``acreate`` honours the ``Idempotency-Key`` header (the library's ``AsyncModelViewSet`` has it)."""

    @idempotent
    async def acreate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await super().acreate(request, *args, **kwargs)  # type: ignore[misc]


PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "A unique key (printable ASCII, at most 255 characters): a retry with the same key and "
    "body answers the first response again, with the header Idempotent-Replayed: true.",
    "schema": {  # HTTP strips the blanks around a header's value: a key starts and ends with a visible one
        "type": "string",
        "minLength": 1,
        "maxLength": idempotency.MAX_KEY_LENGTH,
        "pattern": "^[!-~]([ -~]*[!-~])?$",
    },
}
CREATES = ("acreate", "create")  # what a generic view's POST calls
RESPONSES = {
    "409": {"description": "A request with this Idempotency-Key is still running."},
    "422": {"description": "This Idempotency-Key was used for a different request."},
}


def described(operation: dict[str, Any], view: Any, method: str) -> dict[str, Any]:
    """``operation`` (OpenAPI) with the header and its answers, when the view's handler honours the key."""
    action = getattr(view, "action", None)
    names = [action] if action else [method.lower(), *(CREATES if method.upper() == "POST" else ())]
    if any(getattr(getattr(view, name, None), MARK, False) for name in names):
        operation.setdefault("parameters", []).append(dict(PARAMETER))
        operation.setdefault("responses", {}).update(RESPONSES)
    return operation
