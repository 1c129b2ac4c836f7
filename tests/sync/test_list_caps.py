# Generated from tests/aio/test_list_caps.py by tools/unasync.py: do not edit.
"""List caps (``ListField(max_length=, min_length=)``), and saving a document with a long list validates
only the fields that changed since it was loaded."""

from __future__ import annotations

from typing import Any

import pytest

from mongodb_rest.fields import IntField, ListField, StringField
from mongodb_rest.sync import Document, ValidationError

pytestmark = pytest.mark.usefixtures("db_name")
checked: list[Any] = []


def count_check(value: Any) -> None:
    checked.append(value)


class Tagged(Document):
    title = StringField(max_length=50)
    views = IntField(min_value=0)
    tags = ListField(StringField(max_length=10, validation=count_check), max_length=5000, min_length=1)


def test_the_model_refuses_lists_outside_the_caps() -> None:
    checked.clear()
    with pytest.raises(ValidationError, match="at most 5000 items") as raised:
        Tagged(tags=["x"] * 100_000)
    assert raised.value.errors == {
        "tags": ["List should have at most 5000 items after validation, not 100000"]
    }
    assert len(checked) <= 5001  # refused as the cap passed, not after every item
    with pytest.raises(ValidationError, match="at least 1 item"):
        Tagged(tags=[])
    document = Tagged(tags=["a"]).save()
    document.tags.extend(["b"] * 5000)  # an in-place change is checked when saved
    with pytest.raises(ValidationError, match="at most 5000 items"):
        document.save()


def test_saving_a_loaded_document_validates_only_what_changed() -> None:
    created = Tagged(title="long", tags=[f"t{i}" for i in range(3000)]).save()
    document = Tagged.objects.get(id=created.id)
    checked.clear()
    document.title = "renamed"
    document.save()
    assert checked == []  # before, every one of the 3,000 items was checked again
    document.views = 3
    document.save()
    assert checked == []
    document.tags.append("new")
    document.save()
    assert len(checked) == 3001  # the list changed: all of it is checked
    document.tags[0] = "x" * 11
    with pytest.raises(ValidationError, match="at most 10 characters"):
        document.save()
    document.tags[0] = "t0"
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        document.views = -1  # assignment validates the one field
    assert (Tagged.objects.get(id=created.id)).tags[-1] == "new"


def test_an_assigned_invalid_value_is_still_refused_at_save() -> None:
    document = Tagged(tags=["a"]).save()
    document.__dict__["views"] = -5  # bypassing assignment's validation
    with pytest.raises(ValidationError, match="views"):
        document.save()
