"""Document classes written from sampled collections, as ``inspectdb`` writes models: a starting point
to review, with a field per key the sampled documents held and the collection's indexes in ``meta``."""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .schema import CollectionSchema, FieldStats

SCALAR_FIELDS = {
    "string": "StringField",
    "int": "IntField",
    "long": "LongField",
    "double": "FloatField",
    "decimal": "DecimalField",
    "bool": "BooleanField",
    "date": "DateTimeField",
    "objectId": "ObjectIdField",
    "uuid": "UUIDField",
    "binData": "BinaryField",
}
NUMBER_MERGES = {frozenset({"int", "long"}): "long", frozenset({"int", "double"}): "double"}
RESERVED = frozenset(
    {
        "id",
        "pk",
        "objects",
        "meta",
        "sync",
        "aio",
        "save",
        "delete",
        "reload",
        "modify",
        "update",
        "fetch",
        "switch_db",
        "switch_collection",
        "to_dbref",
        "clean",
        "full_clean",
        "validate_fields",
        "to_mongo",
        "from_mongo",
        "to_dict",
        "to_json",
        "from_json",
        "twin",
        "create_index",
        "ensure_indexes",
        "list_indexes",
        "index_diff",
        "drop_collection",
        "copy",
        "dict",
        "json",
        "schema",
        "construct",
        "validate",
        "fields",
    }
)
MAX_EMBEDDED_DEPTH = 3
INDEX_OPTIONS = ("unique", "sparse", "expireAfterSeconds", "partialFilterExpression")


def class_name(collection: str) -> str:
    """``blog_posts`` -> ``BlogPosts``, as ``inspectdb`` names models after tables."""
    words = [word for word in re.split(r"[^0-9A-Za-z]+", collection) if word]
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Collection"
    return f"C{name}" if name[0].isdigit() else name


def attribute_name(key: str) -> str:
    """A Python attribute for the stored key ``key`` (``first-name`` -> ``first_name``)."""
    name = re.sub(r"\W", "_", key).strip("_") or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if keyword.iskeyword(name) or name in RESERVED or name.startswith("model_"):
        name = f"{name}_"
    return name


@dataclass
class Names:
    """How the stored keys of one generated class map to its attributes (and their embedded classes')."""

    attributes: dict[str, str] = field(default_factory=dict)
    children: dict[str, Names] = field(default_factory=dict)

    def path(self, stored: str) -> str | None:
        """The attribute path of a stored dotted path, or None when a part has no attribute."""
        names: Names | None = self
        parts = []
        for key in stored.split("."):
            if names is None or key not in names.attributes:
                return None
            parts.append(names.attributes[key])
            names = names.children.get(key)
        return ".".join(parts)


@dataclass
class ModuleWriter:
    """Collects the classes of one generated module and the names they import."""

    blocks: list[str] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    uses_any: bool = False
    uses_embedded: bool = False

    def add_collection(
        self, collection: str, schema: CollectionSchema, indexes: Sequence[Mapping[str, Any]]
    ) -> str:
        """Write the Document class of ``collection``; return its name."""
        name = self._unique(class_name(collection))
        notes: list[str] = []
        id_stats = schema.fields.get("_id")
        if id_stats is not None and id_stats.non_null_types() not in ([], ["objectId"]):
            kinds = ", ".join(id_stats.non_null_types())
            notes.append(f"# _id holds {kinds} values; Documents here have ObjectId ids.")
        if "_cls" in schema.fields:
            notes.append("# _cls is stored: documents of a class hierarchy (meta 'allow_inheritance').")
        fields = {key: stats for key, stats in schema.fields.items() if key not in ("_id", "_cls")}
        lines, names = self._body(fields, schema.sampled, name, 0)
        meta_indexes, index_notes = _meta_indexes(indexes, names)
        meta = f'    meta = {{"collection": {_text(collection)}'
        meta += f', "indexes": [{", ".join(meta_indexes)}]}}' if meta_indexes else "}"
        body = [*(f"    {note}" for note in notes + index_notes), *lines, "", meta]
        self.blocks.append("\n".join([f"class {name}(Document):", *body]))
        return name

    def source(self, header: str) -> str:
        """The whole module: ``header`` comment lines, imports, then the classes."""
        imports = ["from typing import Any", ""] if self.uses_any else []
        faces = "Document, EmbeddedDocument" if self.uses_embedded else "Document"
        imports.append(f"from mongodb_rest import {faces}")
        if self.fields:
            imports.append(f"from mongodb_rest.fields import {', '.join(sorted(self.fields))}")
        comments = [f"# {line}" if line else "#" for line in header.splitlines()]
        return "\n".join([*comments, "", *imports, "", "", "\n\n\n".join(self.blocks)]) + "\n"

    def _unique(self, name: str) -> str:
        candidate, number = name, 2
        while candidate in self.classes:
            candidate, number = f"{name}{number}", number + 1
        self.classes.add(candidate)
        return candidate

    def _body(
        self, fields: dict[str, FieldStats], total: int, owner: str, depth: int
    ) -> tuple[list[str], Names]:
        names = Names()
        lines: list[str] = []
        taken: set[str] = set()
        for key, stats in fields.items():
            attribute = attribute_name(key)
            while attribute in taken:
                attribute += "_"
            call, children = self._field(stats, owner, attribute, depth)
            if call is None:
                kinds = ", ".join(stats.non_null_types()) or "null"
                if attribute != key:
                    lines.append(f"    # {key!r} ({kinds}) left out: an annotation cannot rename a key.")
                    continue
                self.uses_any = True
                lines.append(f"    {attribute}: Any = None  # seen: {kinds}")
            else:
                function, arguments = call
                if attribute != key:
                    arguments.append(f"db_field={_text(key)}")
                required = total > 0 and stats.seen == total and "null" not in stats.types
                if required and _may_require(function, stats):
                    arguments.append("required=True")
                lines.append(f"    {attribute} = {function}({', '.join(arguments)})")
            taken.add(attribute)
            names.attributes[key] = attribute
            if children is not None:
                names.children[key] = children
        return lines or ["    pass"], names

    def _field(
        self, stats: FieldStats, owner: str, attribute: str, depth: int
    ) -> tuple[tuple[str, list[str]] | None, Names | None]:
        """The field class and arguments for ``stats`` (None: no field class fits), and the names of the
        embedded class it refers to."""
        kind = _single_kind(stats)
        if kind in SCALAR_FIELDS:
            return (self._use(SCALAR_FIELDS[kind]), []), None
        if kind == "object":
            if stats.children and depth < MAX_EMBEDDED_DEPTH:
                embedded, names = self._embedded(stats, owner, attribute, depth)
                return (self._use("EmbeddedDocumentField"), [embedded]), names
            return (self._use("DictField"), []), None
        if kind == "array":
            items = stats.items
            item_kind = _single_kind(items)
            if item_kind in SCALAR_FIELDS:
                return (self._use("ListField"), [f"{self._use(SCALAR_FIELDS[item_kind])}()"]), None
            if items is not None and item_kind == "object" and items.children and depth < MAX_EMBEDDED_DEPTH:
                embedded, names = self._embedded(items, owner, attribute, depth)
                inner = f"{self._use('EmbeddedDocumentField')}({embedded})"
                return (self._use("ListField"), [inner]), names
            return (self._use("ListField"), []), None
        return None, None

    def _use(self, field_class: str) -> str:
        self.fields.add(field_class)
        return field_class

    def _embedded(self, stats: FieldStats, owner: str, attribute: str, depth: int) -> tuple[str, Names]:
        name = self._unique(f"{owner}{class_name(attribute)}")
        lines, names = self._body(stats.children, stats.objects, name, depth + 1)
        self.uses_embedded = True
        self.blocks.append("\n".join([f"class {name}(EmbeddedDocument):", *lines]))
        return name, names


def _single_kind(stats: FieldStats | None) -> str | None:
    """The one type a field held (numbers merged: int and long make long, int and double double)."""
    if stats is None:
        return None
    kinds = frozenset(stats.non_null_types())
    if len(kinds) == 1:
        return next(iter(kinds))
    return NUMBER_MERGES.get(kinds)


def _may_require(function: str, stats: FieldStats) -> bool:
    if function in ("ListField", "DictField"):
        return False  # they default to empty
    return not (function == "StringField" and stats.empty_strings)


def _text(value: str) -> str:
    """A string literal in double quotes."""
    return json.dumps(value, ensure_ascii=False)


def _literal(value: Any) -> str | None:
    """The Python literal of ``value`` when it is plain data, else None."""
    if isinstance(value, str):
        return _text(value)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        items = [(_literal(str(k)), _literal(v)) for k, v in value.items()]
        if all(v is not None for _, v in items):
            return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        parts = [_literal(item) for item in value]
        if all(part is not None for part in parts):
            return "[" + ", ".join(str(part) for part in parts) + "]"
    return None


def _meta_indexes(indexes: Sequence[Mapping[str, Any]], names: Names) -> tuple[list[str], list[str]]:
    """The ``meta['indexes']`` entries of existing indexes, and a note per index left out."""
    specs, notes = [], []
    for index in indexes:
        if index.get("name") == "_id_":
            continue
        keys = dict(index["key"])
        if "_fts" in keys:  # a text index, as MongoDB lists it
            keys = {key: "text" for key in index.get("weights", {})}
        parts = []
        for stored, direction in keys.items():
            path = names.path(stored)
            if path is None:
                break
            parts.append((path, int(direction) if isinstance(direction, float) else direction))
        else:
            options = {name: index[name] for name in INDEX_OPTIONS if index.get(name) not in (None, False)}
            literals = {name: _literal(value) for name, value in options.items()}
            if all(literal is not None for literal in literals.values()):
                specs.append(_index_spec(parts, literals))
                continue
        notes.append(f"# index {index.get('name')!r} left out: its keys or options have no field here.")
    return specs, notes


def _index_spec(parts: list[tuple[str, Any]], options: Mapping[str, str | None]) -> str:
    prefixes = {1: "", -1: "-", "text": "$", "hashed": "#"}
    if all(direction in prefixes for _, direction in parts):
        keys = [_text(f"{prefixes[direction]}{path}") for path, direction in parts]
    else:
        keys = [f"({_text(path)}, {_literal(direction)})" for path, direction in parts]
    if not options:
        return keys[0] if len(keys) == 1 else f"[{', '.join(keys)}]"
    extra = "".join(f", {_text(name)}: {literal}" for name, literal in options.items())
    return f'{{"fields": [{", ".join(keys)}]{extra}}}'
