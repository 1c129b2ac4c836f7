"""Every router (DRF's SimpleRouter and DefaultRouter, adrf's, the library's) x every viewset (the
library's async ModelViewSet and ReadOnlyModelViewSet, DRF's ModelViewSet on the sync face), through
real HTTP test clients: every action, ``@action`` routes and the API root."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient, override_settings
from pymongo.database import Database
from rest_framework.test import APIClient

from .api import ApiMember
from .router_urls import ROUTERS

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
ANN = {"name": "Ann", "email": "ann@example.com", "age": 30}


@pytest.fixture(autouse=True)
def router_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF="tests.router_urls"):
        yield


class Http:
    """One face over Django's AsyncClient and DRF's APIClient: JSON in, (status, JSON) out."""

    def __init__(self, client: AsyncClient | APIClient) -> None:
        self.client = client

    async def __call__(self, method: str, url: str, body: Any = None) -> tuple[int, Any]:
        if isinstance(self.client, AsyncClient):
            send = getattr(self.client, method)
            response = await (
                send(url, json.dumps(body), content_type="application/json") if body else send(url)
            )
        else:
            send = getattr(self.client, method)
            response = await sync_to_async(send)(url, body, format="json")
        content = response.content
        return response.status_code, json.loads(content) if content.startswith((b"{", b"[")) else None


CLIENTS = {"async-client": AsyncClient, "api-client": APIClient}


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("viewset", ["async", "sync"])
@pytest.mark.parametrize("router", ROUTERS)
async def test_every_action_of_a_model_viewset(raw: Raw, router: str, viewset: str, client: str) -> None:
    http, base = Http(CLIENTS[client]()), f"/{router}/{viewset}/"
    status, created = await http("post", base, ANN)
    assert status == 201, created
    url = f"{base}{created['id']}/"
    assert raw.api_members.count_documents({"name": "Ann"}) == 1
    assert await http("get", base) == (200, [created])
    assert await http("get", url) == (200, created)
    status, replaced = await http("put", url, {**ANN, "name": "Anna", "age": 31})
    assert status == 200 and replaced["name"] == "Anna"
    status, patched = await http("patch", url, {"age": 32})
    assert status == 200 and patched == {**replaced, "age": 32}
    assert raw.api_members.find_one({}, {"_id": 0, "name": 1, "age": 1}) == {"name": "Anna", "age": 32}
    assert await http("post", f"{url}rename/", {"name": "Annie"}) == (200, {"status": "renamed"})
    assert raw.api_members.find_one({})["name"] == "Annie"  # type: ignore[index]
    if viewset == "async":
        assert await http("get", f"{base}names/") == (200, ["Annie"])
    for bad in ("nope", "0123456789abcdef01234567"):
        assert (await http("get", f"{base}{bad}/"))[0] == 404
    assert (await http("post", base, {**ANN, "age": -1}))[0] == 400
    assert await http("delete", url) == (204, None)
    assert raw.api_members.count_documents({}) == 0


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("router", ROUTERS)
async def test_a_read_only_viewset(raw: Raw, router: str, client: str) -> None:
    http, base = Http(CLIENTS[client]()), f"/{router}/read-only/"
    member = await ApiMember(**ANN).save()
    shown = {"id": str(member.id), **ANN, "is_active": True}
    assert await http("get", base) == (200, [shown])
    assert await http("get", f"{base}{member.id}/") == (200, shown)
    assert (await http("get", f"{base}0123456789abcdef01234567/"))[0] == 404
    assert (await http("post", base, ANN))[0] == 405
    assert (await http("put", f"{base}{member.id}/", ANN))[0] == 405
    assert (await http("delete", f"{base}{member.id}/"))[0] == 405
    assert raw.api_members.count_documents({}) == 1


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("router", ROUTERS)
async def test_actions_a_viewset_overrides_serve_under_every_router(router: str, client: str) -> None:
    http, base = Http(CLIENTS[client]()), f"/{router}/own/"
    member = await ApiMember(**ANN).save()
    assert await http("get", base) == (200, {"own": "list", "count": 1})
    assert await http("get", f"{base}{member.id}/") == (200, {"own": "retrieve", "name": "Ann"})
    assert (await http("post", base, {**ANN, "name": "Bob"}))[0] == 201  # not overridden: adrf's acreate
    assert (await http("get", base))[1]["count"] == 2


@pytest.mark.parametrize("router", ROUTERS)
def test_the_api_root_of_default_routers(router: str) -> None:
    response = APIClient().get(f"/{router}/")
    if router.endswith("-simple"):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.json() == {
        name: f"http://testserver/{router}/{name}/" for name in ("async", "read-only", "sync", "own")
    }


@pytest.mark.parametrize("viewset", ["async", "read-only", "sync"])
@pytest.mark.parametrize("router", ["drf-default", "adrf-default"])
def test_the_browsable_api_and_options_under_each_router(router: str, viewset: str) -> None:
    client, base = APIClient(), f"/{router}/{viewset}/"
    member = ApiMember.sync(**ANN).save()
    listing = client.get(base, HTTP_ACCEPT="text/html")
    assert listing.status_code == 200 and b"Ann" in listing.content
    detail = client.get(f"{base}{member.id}/", HTTP_ACCEPT="text/html")
    assert detail.status_code == 200 and str(member.id).encode() in detail.content
    writable = viewset != "read-only"
    assert ("PUT" in client.options(f"{base}{member.id}/").json().get("actions", {})) is writable
    assert ("POST" in client.options(base).json().get("actions", {})) is writable
