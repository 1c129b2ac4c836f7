"""The core plan of ``bulk_create()``, driven by hand: the steps it asks a face to run, in order, and
what it makes of the replies (no face sends anything here)."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId

from mongodb_rest import Document, ValidationError
from mongodb_rest.document import hooks
from mongodb_rest.document.bulk import bulk_create_flow
from mongodb_rest.faces import Clean, Fetch, Notify, Write
from mongodb_rest.fields import CASCADE, ReferenceField, StringField
from mongodb_rest.signals import pre_bulk_insert


class Writer(Document):
    name = StringField()


class Note(Document):
    text = StringField(required=True)
    writer = ReferenceField(Writer, reverse_delete_rule=CASCADE)

    def clean(self) -> None:
        self.text = self.text.strip()


def drive(flow: Any) -> tuple[list[Any], Any]:
    """Run ``flow`` as a face would, but sending nothing (``clean()`` runs); the steps and the result."""
    steps: list[Any] = []
    reply = None
    while True:
        try:
            step = flow.send(reply)
        except StopIteration as stop:
            return steps, stop.value
        steps.append(step)
        if isinstance(step, Clean):
            hooks.run_clean(step.document)


def test_the_plan_asks_for_signals_clean_and_one_insert() -> None:
    def receiver(sender: Any, documents: list[Any], **kwargs: Any) -> None:
        pass

    pre_bulk_insert.connect(receiver, sender=Note)
    try:
        notes = [Note(text=" a "), Note(text="b")]
        steps, result = drive(bulk_create_flow(Note, notes))
    finally:
        pre_bulk_insert.disconnect(receiver, sender=Note)
    assert result is notes
    assert [type(step) for step in steps] == [Notify, Clean, Clean, Write]
    assert steps[0].signal is pre_bulk_insert and steps[0].kwargs == {"documents": notes}
    assert [step.document for step in steps[1:3]] == notes
    insert = steps[3]
    assert (insert.method, insert.kwargs) == ("insert_many", {"ordered": True})
    assert [data["text"] for data in insert.args[0]] == ["a", "b"]  # as clean() left them
    assert [data["_id"] for data in insert.args[0]] == [note.id for note in notes]
    assert notes[0]._private()["_snapshot"] is insert.args[0][0]  # saved: later saves diff against it


def test_a_reference_gone_after_the_insert_undoes_it_whole() -> None:
    writer = Writer(name="w", id=ObjectId())
    notes = [Note(text="a", writer=writer), Note(text="b", writer=writer)]
    flow = bulk_create_flow(Note, notes)
    steps = [next(flow), flow.send(None), flow.send(None)]  # clean() is not run here
    assert [type(step) for step in steps] == [Clean, Clean, Write]
    lookup = flow.send(None)  # the insert's reply is not read
    assert isinstance(lookup, Fetch) and lookup.filter == {"_id": {"$in": [writer.id]}}
    undo = flow.send([])  # the writer is gone
    assert isinstance(undo, Write) and undo.method == "delete_many"
    assert undo.args == ({"_id": {"$in": [note.id for note in notes]}},)
    with pytest.raises(ValidationError, match="was deleted"):
        flow.send(None)
    assert all(note._private()["_snapshot"] is None for note in notes)  # new again: may be saved anew
