"""What the core asks of the faces, which register it when ``mongodb_rest`` is imported."""

from __future__ import annotations

import subprocess
import sys

from mongodb_rest import Document
from mongodb_rest.aio.files import FileProxy as AsyncFileProxy
from mongodb_rest.faces import registered_face
from mongodb_rest.fields import FileField, IntField
from mongodb_rest.query.lookups import LOOKUPS
from mongodb_rest.sync.files import FileProxy


class Scan(Document):
    image = FileField()


def test_file_fields_read_as_the_proxy_of_the_documents_face() -> None:
    assert type(Scan().image) is AsyncFileProxy
    assert type(Scan.sync().image) is FileProxy
    assert registered_face("sync").file_proxy is FileProxy


def test_fields_answer_get_lookup_from_the_query_layers_table() -> None:
    assert IntField().get_lookup("gte") is LOOKUPS["gte"]
    assert IntField().get_lookup("elem_match") is LOOKUPS["elem_match"]
    assert IntField().get_lookup("nope") is None


def test_importing_the_package_registers_both_faces() -> None:
    code = (
        "import mongodb_rest\n"
        "from mongodb_rest.faces import registered_face\n"
        "print(registered_face('aio').document.__module__, registered_face('sync').document.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["mongodb_rest.aio.document", "mongodb_rest.sync.document"]
