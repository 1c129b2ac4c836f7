"""``async for`` over a QuerySet can be closed early, as an async generator can (``aclosing``)."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from mongodb_rest import Document
from mongodb_rest.fields import StringField

pytestmark = pytest.mark.usefixtures("db_name")


class Ticket(Document):
    title = StringField()


async def test_iterating_a_queryset_can_be_closed_early() -> None:
    await Ticket(title="a").save()
    await Ticket(title="b").save()
    seen = []
    async with aclosing(aiter(Ticket.objects.all())) as tickets:
        async for ticket in tickets:
            seen.append(ticket.title)
            break
        await tickets.aclose()
        assert [ticket async for ticket in tickets] == []
    assert len(seen) == 1
