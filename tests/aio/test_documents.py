"""Documents on the async face: saving, loading, validation and the basic QuerySet, against a real server."""

from __future__ import annotations

import json
import uuid
import warnings
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from bson import Decimal128, Int64, ObjectId
from pymongo.database import Database
from pymongo.errors import WriteError

from mongodb_rest import (
    DoesNotExist,
    MultipleObjectsReturned,
    NotUniqueError,
    OperationError,
    ValidationError,
)

from ..conftest import needs_mongodb
from .models import (
    Account,
    Address,
    Animal,
    Archived,
    BlogPost,
    Cat,
    Checked,
    Dog,
    LogEntry,
    Manual,
    Membership,
    Memo,
    Note,
    Product,
    Puppy,
    Timestamped,
    User,
    user_data,
)

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


async def test_save_inserts_and_assigns_an_id(raw: Raw) -> None:
    user = User(**user_data(tags=["python"], address={"street": "1 Main", "city": "Oslo", "country": "NO"}))
    assert user.id is None
    returned = await user.save()
    assert returned is user
    assert isinstance(user.id, ObjectId)
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None
    assert stored["name"] == "John Doe"
    assert stored["tags"] == ["python"]
    assert stored["address"] == {"street": "1 Main", "city": "Oslo", "country": "NO"}
    assert stored["status"] == "active"
    assert isinstance(stored["created_at"], datetime)
    assert "phone" not in stored  # None is not stored


async def test_stored_types_and_round_trip(raw: Raw) -> None:
    sku = uuid.uuid4()
    ref = ObjectId()
    product = Product(
        name="Lamp",
        price="19.99",
        released=date(2024, 5, 1),
        sku=sku,
        data=b"\x00\x01",
        website="https://example.com/lamp",
        ref_id=str(ref),
        code="ABC123",
        location=[10.75, 59.91],
        labels=["new"],
        rating=4.5,
    )
    await product.save()
    stored = raw.product.find_one({"_id": product.id})
    assert stored is not None
    assert stored["price"] == Decimal128("19.99")
    assert isinstance(stored["views"], Int64)
    assert stored["released"] == datetime(2024, 5, 1, tzinfo=UTC)
    assert stored["sku"] == sku
    assert stored["c"] == "ABC123" and "code" not in stored
    assert stored["ref_id"] == ref
    assert stored["location"] == {"type": "Point", "coordinates": [10.75, 59.91]}

    loaded = await Product.objects.get(id=product.id)
    assert loaded.price == Decimal("19.99")
    assert loaded.released == date(2024, 5, 1)
    assert loaded.sku == sku
    assert loaded.data == b"\x00\x01"
    assert loaded.ref_id == ref
    assert loaded.code == "ABC123"
    assert loaded.labels == ["new"]
    assert loaded.rating == 4.5
    assert loaded.views == 0
    assert loaded.location == {"type": "Point", "coordinates": [10.75, 59.91]}


async def test_missing_field_filters_with_exists(raw: Raw) -> None:
    await User(**user_data(name="A")).save()
    await User(**user_data(name="B", phone="+4712345678")).save()
    assert await User.objects.filter(phone__exists=False).count() == 1
    assert (await User.objects.get(phone__exists=True)).name == "B"


async def test_save_sends_only_what_changed(raw: Raw) -> None:
    user = await User(**user_data(tags=["a"])).save()
    loaded = await User.objects.get(id=user.id)
    # another writer changes a field this instance does not touch
    raw.users.update_one({"_id": user.id}, {"$set": {"email": "other@example.com"}})
    loaded.age = 31
    loaded.tags.append("b")
    await loaded.save()
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None
    assert stored["age"] == 31
    assert stored["tags"] == ["a", "b"]
    assert stored["email"] == "other@example.com"


async def test_setting_none_unsets_the_field(raw: Raw) -> None:
    user = await User(**user_data(phone="+4712345678")).save()
    user.phone = None
    await user.save()
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None and "phone" not in stored


async def test_unchanged_document_writes_nothing(raw: Raw) -> None:
    product = await Product(name="Desk").save()
    raw.product.update_one({"_id": product.id}, {"$set": {"name": "Changed elsewhere"}})
    await product.save()
    stored = raw.product.find_one({"_id": product.id})
    assert stored is not None and stored["name"] == "Changed elsewhere"


async def test_auto_now_and_auto_now_add(raw: Raw) -> None:
    user = await User(**user_data()).save()
    created, updated = user.created_at, user.updated_at
    assert created is not None and updated is not None
    assert created.tzinfo is not None and created.microsecond % 1000 == 0
    user.age = 40
    await user.save()
    assert user.created_at == created
    assert user.updated_at is not None and user.updated_at >= updated
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None and stored["created_at"] == created


async def test_save_of_a_document_with_a_given_id_upserts(raw: Raw) -> None:
    given = ObjectId()
    await Product(id=given, name="Chair").save()
    assert raw.product.count_documents({"_id": given}) == 1
    replacement = Product(id=given, name="Stool")
    await replacement.save()
    assert raw.product.count_documents({}) == 1
    assert (await Product.objects.get(id=given)).name == "Stool"


INVALID_USERS = [
    pytest.param({"name": None}, "name", id="required-none"),
    pytest.param({"name": ""}, "name", id="required-empty-string"),
    pytest.param({"name": "x" * 101}, "name", id="max_length"),
    pytest.param({"email": "invalid-email"}, "email", id="email"),
    pytest.param({"age": -1}, "age", id="min_value"),
    pytest.param({"age": 151}, "age", id="max_value"),
    pytest.param({"age": "abc"}, "age", id="wrong-type"),
    pytest.param({"age": True}, "age", id="bool-for-int"),
    pytest.param({"age": 2**70}, "age", id="int64-range"),
    pytest.param({"phone": "12"}, "phone", id="validation-callable"),
    pytest.param({"status": "deleted"}, "status", id="choices"),
    pytest.param({"tags": ["x" * 51]}, "tags.0", id="list-item-max_length"),
    pytest.param({"tags": "python"}, "tags", id="list-wrong-type"),
    pytest.param({"address": {"street": "s", "country": "NO"}}, "address.city", id="embedded-required"),
    pytest.param({"address": {"$ne": ""}}, "address", id="operator-dict-embedded"),
    pytest.param({"name": {"$ne": ""}}, "name", id="operator-dict-string"),
    pytest.param({"age": {"$gt": 0}}, "age", id="operator-dict-int"),
    pytest.param({"metadata": {"$where": "1"}}, "metadata", id="dict-dollar-key"),
    pytest.param({"metadata": {"a.b": 1}}, "metadata", id="dict-dotted-key"),
    pytest.param({"nickname": "Jo"}, "nickname", id="unknown-field"),
    pytest.param({"created_at": "not a date"}, "created_at", id="datetime"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID_USERS)
async def test_invalid_values_raise_and_store_nothing(
    raw: Raw, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await User.objects.create(**user_data(**overrides))
    assert field in caught.value.errors
    assert raw.users.count_documents({}) == 0


INVALID_PRODUCTS = [
    pytest.param({"price": "-1"}, "price", id="decimal-min"),
    pytest.param({"price": "123456789.99"}, "price", id="max_digits"),
    pytest.param({"price": "1.999"}, "price", id="decimal_places"),
    pytest.param({"price": "NaN"}, "price", id="decimal-nan"),
    pytest.param({"code": "abc123"}, "code", id="regex"),
    pytest.param({"website": "not a url"}, "website", id="url"),
    pytest.param({"data": b"x" * 17}, "data", id="max_bytes"),
    pytest.param({"sku": "not-a-uuid"}, "sku", id="uuid"),
    pytest.param({"ref_id": "nope"}, "ref_id", id="object-id"),
    pytest.param({"released": datetime(2024, 1, 1, 12, 30)}, "released", id="date-with-time"),
    pytest.param({"location": [200, 10]}, "location", id="longitude-range"),
    pytest.param({"location": [10, 95]}, "location", id="latitude-range"),
    pytest.param({"location": "Oslo"}, "location", id="point-type"),
    pytest.param({"name": "x" * 101}, "name", id="native-max_length"),
    pytest.param({"slug": "ab"}, "slug", id="min_length"),
    pytest.param({"rating": "high"}, "rating", id="native-wrong-type"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID_PRODUCTS)
async def test_invalid_product_values(raw: Raw, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await Product.objects.create(**{"name": "Lamp", **overrides})
    assert field in caught.value.errors
    assert raw.product.count_documents({}) == 0


async def test_invalid_assignment_is_refused_and_keeps_the_old_value() -> None:
    user = User(**user_data())
    with pytest.raises(ValidationError) as caught:
        user.age = -5
    assert "age" in caught.value.errors
    assert user.age == 30


async def test_invalid_in_place_change_is_refused_by_save(raw: Raw) -> None:
    user = await User(**user_data(tags=["ok"])).save()
    user.tags.append("x" * 51)
    with pytest.raises(ValidationError):
        await user.save()
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None and stored["tags"] == ["ok"]


async def test_clean_runs_before_any_write(raw: Raw) -> None:
    with pytest.raises(ValidationError, match="parent email") as caught:
        await User(**user_data(age=10)).save()
    assert "__all__" in caught.value.errors
    assert raw.users.count_documents({}) == 0
    await User(**user_data(age=10, parent_email="mum@example.com")).save()
    assert raw.users.count_documents({}) == 1


async def test_save_with_validate_false_skips_clean(raw: Raw) -> None:
    await User(**user_data(age=10)).save(validate=False)
    assert raw.users.count_documents({}) == 1


async def test_unique_field_raises_not_unique_and_keeps_the_first(raw: Raw) -> None:
    await Account(username="ann", email="ann@example.com").save()
    with pytest.raises(NotUniqueError) as caught:
        await Account(username="ann").save()
    assert caught.value.field == "username"
    assert raw.account.count_documents({}) == 1
    await Account(username="bob").save()  # a missing optional unique field does not clash
    await Account(username="cid").save()
    assert raw.account.count_documents({}) == 3


async def test_unique_with_is_a_compound_unique_index(raw: Raw) -> None:
    await Membership(user="ann", group="admins").save()
    await Membership(user="bob", group="admins").save()
    with pytest.raises(NotUniqueError):
        await Membership(user="ann", group="admins").save()
    assert raw.membership.count_documents({}) == 2


async def test_force_insert_of_an_existing_id_raises(raw: Raw) -> None:
    product = await Product(name="Desk").save()
    with pytest.raises(NotUniqueError):
        await Product(id=product.id, name="Copy").save(force_insert=True)
    stored = raw.product.find_one({"_id": product.id})
    assert stored is not None and stored["name"] == "Desk"


async def test_delete_and_reload(raw: Raw) -> None:
    user = await User(**user_data()).save()
    raw.users.update_one({"_id": user.id}, {"$set": {"age": 44}})
    await user.reload()
    assert user.age == 44
    await user.delete()
    assert raw.users.count_documents({}) == 0
    with pytest.raises(User.DoesNotExist):
        await user.reload()
    with pytest.raises(OperationError):
        await User(**user_data()).delete()


async def test_save_of_a_deleted_document_raises(raw: Raw) -> None:
    user = await User(**user_data()).save()
    raw.users.delete_one({"_id": user.id})
    user.age = 50
    with pytest.raises(User.DoesNotExist):
        await user.save()
    assert raw.users.count_documents({}) == 0


async def test_objects_basic_methods(raw: Raw) -> None:
    await User.objects.create(**user_data(name="Ann", age=20))
    await User.objects.create(**user_data(name="Bob", age=17, parent_email="p@example.com"))
    await User.objects.create(**user_data(name="Cid", age=70))
    assert await User.objects.count() == 3
    assert await User.objects.filter(age__gte=18).count() == 2
    assert await User.objects.filter(name="Bob").exists()
    assert not await User.objects.filter(name="Zed").exists()
    assert [u.name async for u in User.objects.all()] == ["Ann", "Bob", "Cid"]  # meta ordering
    assert [u.name async for u in User.objects.order_by("-age")] == ["Cid", "Ann", "Bob"]
    first = await User.objects.filter(age__gte=18).first()
    assert first is not None and first.name == "Ann"
    last = await User.objects.last()
    assert last is not None and last.name == "Cid"
    assert await User.objects.filter(name="Zed").first() is None
    assert (await User.objects.get(name="Bob")).age == 17
    with pytest.raises(User.DoesNotExist):
        await User.objects.get(name="Zed")
    with pytest.raises(DoesNotExist):
        await User.objects.get(name="Zed")
    with pytest.raises(User.MultipleObjectsReturned):
        await User.objects.get(age__gte=18)
    with pytest.raises(MultipleObjectsReturned):
        await User.objects.get(age__gte=18)
    assert [u.name async for u in User.objects.skip(1).limit(1)] == ["Bob"]
    assert [u.name async for u in User.objects.all()[1:3]] == ["Bob", "Cid"]
    assert await User.objects.update(inc__age=1) == 3
    assert await User.objects.filter(name="Ann").update(status="inactive") == 1
    ann = await User.objects.get(name="Ann")
    assert ann.age == 21 and ann.status == "inactive"
    assert await User.objects.filter(age__lt=20).delete() == 1
    assert raw.users.count_documents({}) == 2


async def test_update_refuses_bad_values_and_changes_nothing(raw: Raw) -> None:
    await User.objects.create(**user_data())
    bad_updates: list[dict[str, Any]] = [
        {"age": -1},
        {"age": "old"},
        {"nickname": "x"},
        {"name": None},
        {"unset__name": True},
        {"name": {"$ne": ""}},
        {"set__id": ObjectId()},
        {"push__name": "x"},
        {"inc__age": "1"},
    ]
    for updates in bad_updates:
        with pytest.raises(ValidationError):
            await User.objects.update(**updates)
    stored = raw.users.find_one({})
    assert stored is not None and stored["age"] == 30 and stored["name"] == "John Doe"


async def test_filter_refuses_bad_values_before_sending(raw: Raw) -> None:
    for lookups in [{"age": "abc"}, {"id": "not-an-id"}, {"name": {"$ne": ""}}, {"nickname": "x"}]:
        with pytest.raises(ValidationError):
            await User.objects.filter(**lookups).count()
    with pytest.raises(ValueError):  # what Django's get_object_or_404 turns into a 404
        await User.objects.get(id="zzz")


async def test_meta_indexes_are_created_on_first_use(raw: Raw) -> None:
    user = await User(**user_data()).save()
    await BlogPost(title="Hello", author=user).save()
    indexes = {tuple(index["key"].items()): index for index in raw.blog_posts.list_indexes()}
    assert (("title", 1),) in indexes
    assert (("author", 1),) in indexes
    assert (("created_at", -1),) in indexes
    assert (("author", 1), ("created_at", -1)) in indexes
    assert indexes[(("published", -1),)]["name"] == "published_desc"
    assert indexes[(("published", -1),)]["sparse"] is True
    assert "email_1" in {index["name"] for index in raw.users.list_indexes()}


async def test_create_index_drop_collection_and_ensure_indexes(raw: Raw) -> None:
    name = await User.create_index([("name", 1), ("age", -1)])
    assert name == "name_1_age_-1"
    unique = await User.create_index("phone", unique=True, sparse=True)
    assert raw.users.index_information()[unique]["unique"] is True
    await User.drop_collection()
    assert "users" not in raw.list_collection_names()
    await User.ensure_indexes()
    assert "email_1" in raw.users.index_information()
    with pytest.raises(ValueError):
        await User.create_index("nickname")


async def test_indexes_wait_for_ensure_indexes_when_auto_creation_is_off(raw: Raw) -> None:
    await Manual(code="a").save()
    assert list(raw.manual.index_information()) == ["_id_"]
    await Manual.ensure_indexes()
    assert set(raw.manual.index_information()) == {"_id_", "code_-1", "code_1"}
    with pytest.raises(NotUniqueError):
        await Manual(code="a").save()


async def test_index_diff_reports_missing_extra_and_changed(raw: Raw) -> None:
    await Account(username="ann").save()
    assert not await Account.index_diff()
    names = {index["name"] for index in await Account.list_indexes()}
    assert names == {"_id_", "username_1", "email_1"}
    raw.account.drop_index("email_1")
    raw.account.create_index("email", unique=False)  # same keys, other options
    raw.account.create_index([("created", -1)])
    diff = await Account.index_diff()
    assert [index["name"] for index in diff.extra] == ["created_-1"]
    assert [declared["name"] for declared, _present in diff.changed] == ["email_1"]
    assert diff.missing == []
    raw.account.drop_index("username_1")
    diff = await Account.index_diff()
    assert [index["name"] for index in diff.missing] == ["username_1"]
    assert any(line.startswith("+ missing username_1") for line in diff.lines())


async def test_json_schema_validator_holds_other_writers_to_the_model(raw: Raw) -> None:
    await Checked(name="ann", age=3).save()
    options = raw.checked.options()
    assert options["validator"]["$jsonSchema"]["required"] == ["name"]
    for bad in [{"age": 1}, {"name": "toolong"}, {"name": "ok", "age": -1}, {"name": "ok", "age": "x"}]:
        with pytest.raises(WriteError) as caught:
            raw.checked.insert_one(bad)
        assert caught.value.code == 121
    with pytest.raises(ValidationError, match="schema validator"):
        await Checked.objects.filter(name="ann").update(rename__name="label")  # would drop a required field
    assert raw.checked.count_documents({}) == 1


@needs_mongodb("collMod")
async def test_json_schema_validator_is_added_to_an_existing_collection(raw: Raw) -> None:
    raw.create_collection("checked")
    raw.checked.insert_one({"name": "before"})  # stored before the validator existed
    await Checked(name="ann").save()
    assert raw.checked.options()["validator"]["$jsonSchema"]["required"] == ["name"]
    with pytest.raises(WriteError):
        raw.checked.insert_one({"age": 1})


async def test_reference_field_stores_the_id(raw: Raw) -> None:
    author = await User(**user_data()).save()
    post = await BlogPost(title="Hello", author=author).save()
    stored = raw.blog_posts.find_one({"_id": post.id})
    assert stored is not None and stored["author"] == author.id
    loaded = await BlogPost.objects.get(author=author)
    assert loaded.__dict__["author"] == author.id  # the stored id, until the reference is loaded
    assert (await BlogPost.objects.get(author=str(author.id))).id == post.id
    with pytest.raises(ValidationError):
        BlogPost(title="x", author=User(**user_data()))  # unsaved
    with pytest.raises(ValidationError):
        BlogPost(title="x", author=Product(name="wrong type", id=ObjectId()))


async def test_embedded_documents_round_trip(raw: Raw) -> None:
    home = Address(street="1 Main", city="Oslo", country="NO")
    user = await User(
        **user_data(address=home, addresses=[home, {"street": "2", "city": "Rome", "country": "IT"}])
    ).save()
    loaded = await User.objects.get(id=user.id)
    assert isinstance(loaded.address, Address) and loaded.address.city == "Oslo"
    assert [a.city for a in loaded.addresses] == ["Oslo", "Rome"]
    assert await User.objects.filter(address__city="Oslo").count() == 1
    loaded.addresses[1].city = "Milan"
    await loaded.save()
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None and stored["addresses"][1]["city"] == "Milan"


async def test_embedded_documents_are_built_on_first_access(raw: Raw, commands: Any) -> None:
    await User(**user_data(address={"street": "1 Main", "city": "Oslo", "country": "NO"})).save()
    loaded = await User.objects.get()
    assert isinstance(loaded.__dict__["address"], dict)  # read as stored: nothing built yet
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no Pydantic serialization warning: dumps build them first
        dumped = loaded.model_dump()
        assert dumped["address"] == {"street": "1 Main", "city": "Oslo", "country": "NO", "postal_code": None}
        assert "Oslo" in loaded.model_dump_json() and "Oslo" in repr(loaded)
    assert isinstance(loaded.address, Address)
    again = await User.objects.get()
    commands.clear()
    await again.save()  # untouched: only auto_now's stamp is written
    assert [set(update["u"]["$set"]) for update in commands.named("update")[0]["updates"]] == [{"updated_at"}]
    again.address.city = "Bergen"  # type: ignore[union-attr]
    await again.save()
    assert raw.users.find_one({})["address"]["city"] == "Bergen"  # type: ignore[index]


async def test_inheritance_returns_subclass_instances(raw: Raw) -> None:
    await Dog(name="Rex").save()
    await Puppy(name="Bit", age_weeks=8).save()
    await Cat(name="Tom").save()
    assert sorted(raw.animal.distinct("_cls")) == ["Animal.Cat", "Animal.Dog", "Animal.Dog.Puppy"]
    animals = {a.name: a async for a in Animal.objects.all()}
    assert type(animals["Rex"]) is Dog and type(animals["Bit"]) is Puppy and type(animals["Tom"]) is Cat
    assert sorted([d.name async for d in Dog.objects.all()]) == ["Bit", "Rex"]
    assert [c.name async for c in Cat.objects.all()] == ["Tom"]
    assert await Puppy.objects.count() == 1


async def test_abstract_base_gives_each_subclass_its_collection(raw: Raw) -> None:
    await Note(text="n").save()
    await Memo(text="m").save()
    assert raw.note.count_documents({}) == 1 and raw.memo.count_documents({}) == 1
    assert raw.note.find_one({})["created_at"] is not None  # type: ignore[index]
    with pytest.raises(OperationError):
        await Timestamped.objects.count()


async def test_capped_collection_from_meta(raw: Raw) -> None:
    await LogEntry(message="hello").save()
    options = raw.log_entry.options()
    options.pop("maxTimeMS", None)  # the embedded server keeps the create command's deadline as an option
    assert options == {"capped": True, "size": 4096, "max": 5}


async def test_db_alias_uses_its_own_database(raw: Raw, mongo_uri: str, raw_client: Any) -> None:
    from mongodb_rest import connect

    archive = f"{raw.name}_archive"
    connect(archive, alias="archive", host=mongo_uri)
    try:
        await Archived(label="old").save()
        assert raw_client[archive].archived.count_documents({}) == 1
        assert "archived" not in raw.list_collection_names()
    finally:
        raw_client.drop_database(archive)


async def test_to_dict_and_to_json() -> None:
    user = await User(**user_data(address={"street": "s", "city": "c", "country": "NO"})).save()
    data = user.to_dict()
    assert data["id"] == user.id and data["address"] == {
        "street": "s",
        "city": "c",
        "country": "NO",
        "postal_code": None,
    }
    decoded = json.loads(user.to_json())
    assert decoded["id"] == str(user.id)
    assert decoded["created_at"] == user.created_at.isoformat()  # type: ignore[union-attr]


async def test_equality_and_hashing() -> None:
    user = await User(**user_data()).save()
    again = await User.objects.get(id=user.id)
    assert again == user and hash(again) == hash(user)
    assert User(**user_data()) != User(**user_data())
    with pytest.raises(TypeError):
        hash(User(**user_data()))
