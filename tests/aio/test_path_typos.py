"""A mistyped field or lookup name is refused with the closest known name, wherever a path is read."""

from __future__ import annotations

import pytest

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import DictField, EmbeddedDocumentField, ListField, StringField

pytestmark = pytest.mark.usefixtures("db_name")


class Venue(EmbeddedDocument):
    city = StringField()


class Gig(Document):
    name = StringField()
    tags = ListField(StringField())
    venue = EmbeddedDocumentField(Venue)
    extra = DictField()


def _message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    [messages] = error.value.errors.values()
    return " ".join(messages)


async def test_a_mistyped_lookup_is_named_with_the_closest_lookup() -> None:
    await Gig(name="Opening night").save()
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(name__icontain="night").count()
    assert _message(error) == "unknown lookup 'icontain' on StringField 'name'; did you mean 'icontains'?"
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(tags__contain="x").first()
    assert _message(error) == "unknown lookup 'contain' on ListField 'tags'; did you mean 'contains'?"
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(venue__city__startwith="P").count()
    assert _message(error) == "unknown lookup 'startwith' on StringField 'city'; did you mean 'startswith'?"
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(venue__exsts=True).count()
    assert _message(error) == (
        "unknown lookup 'exsts' on EmbeddedDocumentField 'venue'; did you mean 'exists'?"
    )
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(name__shouted="x").count()
    assert _message(error) == "unknown lookup 'shouted' on StringField 'name'."
    assert await Gig.objects.filter(name__icontains="night", extra__any__depth="x").count() == 0


async def test_a_mistyped_field_is_named_with_the_closest_field_in_every_place_a_path_is_read() -> None:
    await Gig(name="Opening night").save()
    expected = "Gig has no field 'nmae'; did you mean 'name'?"
    for attempt in (
        lambda: Gig.objects.filter(nmae="x").count(),
        lambda: Gig.objects.filter(nmae__icontains="x").count(),
        lambda: Gig.objects.order_by("-nmae").first(),
        lambda: Gig.objects.only("nmae").first(),
        lambda: Gig.objects.exclude("nmae").first(),
        lambda: Gig.objects.update(set__nmae="x"),
        lambda: Gig.objects.update(nmae="x"),
        lambda: Gig.objects.distinct("nmae"),
    ):
        with pytest.raises(ValidationError) as error:
            await attempt()
        assert _message(error) == expected
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(venue__citty="Paris").count()
    assert _message(error) == "Venue has no field 'citty'; did you mean 'city'?"
    with pytest.raises(ValidationError) as error:
        await Gig.objects.filter(zzz="x").count()
    assert _message(error) == "Gig has no field 'zzz'."
    assert (await Gig.objects.get(name="Opening night")).name == "Opening night"
