"""One FieldKind per field class: DRF serializer fields, the filter backend, the admin's forms and
``$jsonSchema`` all answer from it (a subclass inherits its parent's entries); the lookup table says
which value each lookup takes, and the filter backend parses query parameters by it."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from mongodb_rest.contrib.admin import forms as admin_forms
from mongodb_rest.contrib.admin.filters import BooleanFilter, ValuesFilter, filter_for
from mongodb_rest.document.schema import field_schema
from mongodb_rest.fields import (
    BooleanField,
    IntField,
    ListField,
    PointField,
    SortedListField,
    StringField,
    URLField,
)
from mongodb_rest.fields.base import BaseField
from mongodb_rest.fields.kinds import FieldKind, Nested, first_kind, kind_names
from mongodb_rest.query.lookups import LOOKUPS, Operand
from mongodb_rest.rest_framework import field_mapping
from mongodb_rest.rest_framework import fields as api_fields
from mongodb_rest.rest_framework.field_mapping import build_field
from mongodb_rest.rest_framework.filters import (
    DocumentFilterBackend,
    allowed_parameters,
    convert,
    parameter_schema,
)
from mongodb_rest.sync import Document


class SlugField(StringField):
    """A subclass that declares nothing: every consumer treats it as its parent."""


class PercentField(IntField):
    """A subclass with a kind of its own that no table has an entry for: the parent's entries answer."""

    kind = replace(IntField.kind, name="percent")


def _hex_colour(field: Any, nested: Nested) -> dict[str, Any]:
    return {"pattern": "^#[0-9a-f]{6}$"}


class ColourField(BaseField[str]):
    """A new field type: not a subclass of any field with a meaning of its own."""

    kind = FieldKind("colour", ("string",), _hex_colour, filter_value="string")
    python_type = str


class Palette(Document):
    name = StringField()
    slug = SlugField(max_length=5, required=True)
    share = PercentField(min_value=0, max_value=100)
    colour = ColourField()
    tags = ListField(StringField())
    active = BooleanField()
    site = URLField()
    where = PointField()

    meta = {"collection": "registry_palettes"}


def fields() -> dict[str, BaseField[Any]]:
    return Palette._fields


def test_kinds_are_inherited_along_the_mro() -> None:
    assert kind_names(SlugField) == ("string", "any")
    assert kind_names(PercentField) == ("percent", "int", "any")
    assert kind_names(URLField) == ("url", "string", "any")
    assert first_kind({"any": 0, "int": 1}, PercentField) == "int"
    assert first_kind({"any": 0}, ColourField) == "any"


def test_a_subclass_inherits_its_parents_serializer_field_form_field_schema_and_lookups() -> None:
    slug, share = fields()["slug"], fields()["share"]

    made = build_field(slug)
    assert type(made) is api_fields.CharField and made.max_length == 5 and not made.allow_blank
    assert type(admin_forms.form_field(slug)) is forms.CharField
    assert field_schema(slug) == {"bsonType": "string", "maxLength": 5, "minLength": 1}

    made = build_field(share)
    assert type(made) is serializers.IntegerField and (made.min_value, made.max_value) == (0, 100)
    form_field = admin_forms.form_field(share)
    assert type(form_field) is forms.IntegerField and form_field.max_value == 100
    assert field_schema(share) == {"bsonType": ["int", "long"], "minimum": 0, "maximum": 100}

    view = SimpleNamespace(filterset_fields={"slug": ["icontains", "in"], "share": ["gte", "in"]})
    allowed = allowed_parameters(view, Palette)
    assert convert(share, "gte", "7") == 7 and convert(share, "in", "1,2") == [1, 2]
    with pytest.raises(serializers.ValidationError):
        convert(share, "gte", "many")
    assert convert(slug, "in", "a,b") == ["a", "b"]
    assert set(allowed) == {"slug__icontains", "slug__in", "share__gte", "share__in"}


def test_a_new_field_type_is_registered_once_per_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    colour = fields()["colour"]
    # the core facts come from the class alone: $jsonSchema and the filter backend
    assert field_schema(colour) == {"bsonType": "string", "pattern": "^#[0-9a-f]{6}$"}
    view = SimpleNamespace(filterset_fields={"colour": ["exact", "in"]})
    assert set(allowed_parameters(view, Palette)) == {"colour", "colour__in"}
    assert convert(colour, "in", "#000000,#ffffff") == ["#000000", "#ffffff"]
    # without entries of their own, the integrations show it as any value
    assert type(build_field(colour)) is api_fields.DocumentField
    assert type(admin_forms.form_field(colour)) is admin_forms.JSONFormField

    monkeypatch.setitem(
        field_mapping.SERIALIZER_FIELDS,
        "colour",
        lambda field, options, depth: (serializers.RegexField, {"regex": "^#[0-9a-f]{6}$", **options}),
    )
    monkeypatch.setitem(
        admin_forms.EDITORS,
        "colour",
        admin_forms.Editor(lambda field: forms.RegexField(regex="^#[0-9a-f]{6}$")),
    )
    made = build_field(colour)
    assert type(made) is serializers.RegexField
    assert made.run_validation("#00ff00") == "#00ff00"
    with pytest.raises(serializers.ValidationError):
        made.run_validation("green")
    form_field = admin_forms.form_field(colour)
    assert type(form_field) is forms.RegexField and form_field.label == "Colour"


def test_geojson_fields_reach_every_consumer_through_their_kind() -> None:
    where = fields()["where"]
    assert isinstance(build_field(where), api_fields.GeoJSONField)
    assert type(admin_forms.form_field(where)) is admin_forms.JSONFormField
    assert field_schema(where) == {"bsonType": "object"}
    with pytest.raises(ImproperlyConfigured, match="where cannot be filtered"):
        allowed_parameters(SimpleNamespace(filterset_fields=["where"]), Palette)


def test_the_admins_sidebar_filters_and_sorting_follow_the_kind() -> None:
    assert type(filter_for(fields()["active"], "Active")) is BooleanFilter
    assert type(filter_for(fields()["share"], "Share")) is ValuesFilter
    assert admin_forms.editor_of(fields()["slug"]).sortable
    assert not admin_forms.editor_of(fields()["tags"]).sortable
    assert not admin_forms.editor_of(SortedListField(StringField())).sortable  # a ListField subclass


def test_lookups_declare_what_value_they_take() -> None:
    takes = {name: lookup.operand for name, lookup in LOOKUPS.items()}
    assert {name for name, operand in takes.items() if operand is Operand.VALUES} == {"in", "nin", "all"}
    assert takes["exists"] is Operand.FLAG and takes["size"] is Operand.COUNT
    assert takes["icontains"] is Operand.TEXT and takes["iregex"] is Operand.REGEX
    assert takes["near"] is Operand.GEOMETRY and takes["elem_match"] is Operand.LOOKUPS


def test_the_lookup_table_drives_the_filter_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    share, tags = fields()["share"], fields()["tags"]
    assert convert(share, "in", "1,2,3") == [1, 2, 3]
    assert convert(tags, "exists", "false") is False
    assert convert(tags, "size", "2") == 2
    assert convert(share, "exact", "4") == 4
    assert parameter_schema(share, "in")["type"] == "array"
    assert parameter_schema(share, "gte")["type"] == "integer"
    with pytest.raises(ImproperlyConfigured, match="no lookup 'near'"):
        allowed_parameters(SimpleNamespace(filterset_fields={"share": ["near"]}), Palette)

    monkeypatch.setitem(LOOKUPS, "in", replace(LOOKUPS["in"], operand=Operand.VALUE))
    with pytest.raises(serializers.ValidationError):
        convert(share, "in", "1,2,3")  # now one integer, which "1,2,3" is not
    assert parameter_schema(share, "in")["type"] == "integer"


@pytest.mark.usefixtures("db_name")
def test_query_parameters_filter_as_their_lookups_take_them() -> None:
    Palette(name="a", slug="a", share=10, tags=["x", "y"], site="https://a.example").save()
    Palette(name="b", slug="b", share=20, tags=[]).save()
    Palette(name="c", slug="c", share=30).save()
    view = SimpleNamespace(
        filterset_fields={"share": ["in"], "tags": ["size"], "site": ["exists"], "slug": ["iexact"]}
    )
    backend = DocumentFilterBackend()

    def names(query: str) -> list[str]:
        request = Request(APIRequestFactory().get(f"/?{query}"))
        return sorted(palette.name for palette in backend.filter_queryset(request, Palette.objects, view))

    assert names("share__in=10,30") == ["a", "c"]
    assert names("tags__size=2") == ["a"]
    assert names("slug__iexact=B") == ["b"]
    assert names("site__exists=true") == ["a"]
    assert names("site__exists=false") == ["b", "c"]
