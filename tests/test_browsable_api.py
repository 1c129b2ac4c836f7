"""DRF's browsable API renders document views of both faces (lists, details and their forms)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("db_name")


@pytest.mark.parametrize("prefix", ["/members/", "/async-members/", "/posts/", "/async-posts/"])
def test_html_list_and_detail(prefix: str) -> None:
    client = APIClient()
    body = {"name": "Ann", "email": "ann@example.com"} if "members" in prefix else {"title": "Hello"}
    created = client.post(prefix, body, format="json").json()
    listing = client.get(prefix, HTTP_ACCEPT="text/html")
    assert listing.status_code == 200 and b"<form" in listing.content
    assert (b"Ann" if "members" in prefix else b"Hello") in listing.content
    detail = client.get(f"{prefix}{created['id']}/", HTTP_ACCEPT="text/html")
    assert detail.status_code == 200 and created["id"].encode() in detail.content
    assert client.get(f"{prefix}nope/", HTTP_ACCEPT="text/html").status_code == 404
