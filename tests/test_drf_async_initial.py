"""The library's async views run DRF's ``initial()`` on the event loop's thread when nothing it calls
blocks, and in a worker thread (as adrf does) when an authentication, permission or throttle class may."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from rest_framework import authentication, permissions, throttling
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from mongodb_rest import Document
from mongodb_rest.fields import StringField
from mongodb_rest.rest_framework import generics
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncReadOnlyModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")

threads: list[int] = []  # where each request's user was set: inside initial()


def anonymous() -> AnonymousUser:
    """``UNAUTHENTICATED_USER``: called by ``initial()`` when no authentication class answers."""
    threads.append(threading.get_ident())
    return AnonymousUser()


@pytest.fixture(autouse=True)
def recorded() -> Iterator[list[int]]:
    threads.clear()
    rest = {**settings.REST_FRAMEWORK, "UNAUTHENTICATED_USER": f"{__name__}.anonymous"}
    with override_settings(REST_FRAMEWORK=rest):
        yield threads


class InitialNote(Document):
    text = StringField()


class NoteSerializer(DocumentSerializer):
    class Meta:
        model = InitialNote
        fields = ["id", "text"]


class Open(generics.ListAPIView):
    serializer_class = NoteSerializer
    queryset = InitialNote.objects.all()
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]


class Closed(Open):
    permission_classes = [permissions.IsAuthenticated]


class Session(Open):
    authentication_classes = [authentication.SessionAuthentication]


class SessionClosed(Session):
    permission_classes = [permissions.IsAuthenticated]


class BasicClosed(Open):
    authentication_classes = [authentication.BasicAuthentication]
    permission_classes = [permissions.IsAuthenticated]


class Weekdays(permissions.BasePermission):
    """Declared safe: reads nothing but the request."""

    event_loop_safe = True
    message = "Not today."

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method == "POST"


class Declared(Open):
    permission_classes = [Weekdays]


class Undeclared(Open):
    class Checked(permissions.BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            return True

    permission_classes = [Checked]


class AsyncChecked(permissions.BasePermission):
    async def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        return False


class Awaited(Open):
    permission_classes = [AsyncChecked]


class Composed(Open):
    permission_classes = [permissions.IsAuthenticated | permissions.AllowAny]


class Throttled(Open):
    throttle_classes = [throttling.AnonRateThrottle]


class DeclaredThrottle(throttling.BaseThrottle):
    event_loop_safe = True

    def allow_request(self, request: Any, view: Any) -> bool:
        return True


class ThrottledSafely(Open):
    """adrf checks any throttle through async_to_sync, which needs a worker thread."""

    throttle_classes = [DeclaredThrottle]


class OwnInitial(Open):
    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)


class Notes(AsyncReadOnlyModelViewSet):
    serializer_class = NoteSerializer
    queryset = InitialNote.objects.all()
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @action(detail=False, permission_classes=[permissions.IsAuthenticated])
    async def mine(self, request: Any) -> Response:
        return Response([])

    @action(detail=False, authentication_classes=[authentication.SessionAuthentication])
    async def session(self, request: Any) -> Response:
        return Response([])


async def get(view: Any, method: str = "get", action: str = "") -> Any:
    """``method`` on ``view`` (on its viewset ``action``, with the action's own classes as a router
    passes them)."""
    request = getattr(APIRequestFactory(), method)("/notes/")
    if not action:
        return await view.as_view()(request)
    own = getattr(getattr(view, action), "kwargs", {})
    return await view.as_view({method: action}, **own)(request)


@pytest.mark.parametrize(
    ("view", "status"),
    [(Open, 200), (Closed, 403), (Declared, 403)],
)
async def test_initial_runs_on_the_event_loop_thread(view: Any, status: int) -> None:
    await InitialNote(text="hi").save()
    response = await get(view)
    assert response.status_code == status
    assert threads == [threading.get_ident()]
    if status == 200:
        assert response.data == [{"id": response.data[0]["id"], "text": "hi"}]


@pytest.mark.parametrize(
    ("view", "status"),
    [
        (Session, 200),
        (SessionClosed, 403),
        (BasicClosed, 401),
        (Undeclared, 200),
        (Awaited, 403),
        (Composed, 200),
        (Throttled, 200),
        (ThrottledSafely, 200),
        (OwnInitial, 200),
    ],
)
async def test_initial_runs_in_a_worker_thread_when_it_may_block(view: Any, status: int) -> None:
    response = await get(view)
    assert response.status_code == status
    assert len(threads) == 1 and threads[0] != threading.get_ident()


async def test_an_actions_own_classes_decide() -> None:
    assert (await get(Notes, action="list")).status_code == 200
    assert threads.pop() == threading.get_ident()
    assert (await get(Notes, action="mine")).status_code == 403
    assert threads.pop() == threading.get_ident()
    assert (await get(Notes, action="session")).status_code == 200
    assert threads.pop() != threading.get_ident()


async def test_a_declared_permission_still_refuses_and_allows() -> None:
    refused = await get(Declared)
    assert refused.status_code == 403 and refused.data == {"detail": "Not today."}
    allowed = await get(Declared, "post")
    assert allowed.status_code == 405  # past the permission, to the view's missing POST
    assert threads == [threading.get_ident()] * 2
