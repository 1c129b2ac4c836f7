"""The query language on the async face, against a real server: lookups, chaining, selection,
aggregation, related documents, caching and every update modifier."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest import OperationError, Q, ValidationError
from mongodb_rest.queryset import Avg, Count, Max, Min, Sum

from ..conftest import CommandRecorder, needs_mongodb
from .models import Address, Comment, Place, Team, User, user_data

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


async def make_users() -> list[User]:
    people = [
        ("Ann", 20, ["python", "django"], "Oslo"),
        ("Bob", 35, ["python"], "Rome"),
        ("Cid", 70, ["go", "web", "python"], "Oslo"),
        ("Dee", 16, [], "Paris"),
    ]
    users = []
    for name, age, tags, city in people:
        address = Address(street="1 Main", city=city, country="XX")
        extra = {"parent_email": "p@example.com"} if age < 13 else {}
        users.append(
            await User.objects.create(
                **user_data(
                    name=name,
                    email=f"{name.lower()}@example.com",
                    age=age,
                    tags=tags,
                    address=address,
                    **extra,
                )
            )
        )
    return users


async def names(qs: Any) -> list[str]:
    return [user.name async for user in qs]


async def test_querysets_are_lazy_and_immutable(commands: CommandRecorder) -> None:
    await make_users()
    commands.clear()
    base = User.objects.filter(age__gte=18)
    narrower = base.filter(tags="python").exclude(name="Bob").order_by("-age")
    assert commands.named("find") == []  # nothing sent while building
    assert base.query.filter == {"age": {"$gte": 18}}
    assert narrower.query.filter == {"age": {"$gte": 18}, "tags": "python", "$nor": [{"name": "Bob"}]}
    assert narrower.query.sort == [("age", -1)]
    assert await names(narrower) == ["Cid", "Ann"]
    assert await names(base) == ["Ann", "Bob", "Cid"]


async def test_every_lookup_against_the_server(raw: Raw) -> None:
    await make_users()
    await User.objects.create(
        **user_data(name="a.b*(c)", email="odd@example.com", age=40, phone="+4712345678")
    )
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"age": 20}, ["Ann"]),
        ({"age__ne": 20}, ["Bob", "Cid", "Dee", "a.b*(c)"]),
        ({"age__lt": 20}, ["Dee"]),
        ({"age__lte": 20}, ["Ann", "Dee"]),
        ({"age__gt": 40}, ["Cid"]),
        ({"age__gte": 40}, ["Cid", "a.b*(c)"]),
        ({"age__in": [20, 35]}, ["Ann", "Bob"]),
        ({"age__nin": [20, 35]}, ["Cid", "Dee", "a.b*(c)"]),
        ({"tags": "python"}, ["Ann", "Bob", "Cid"]),
        ({"tags__all": ["python", "web"]}, ["Cid"]),
        ({"tags__size": 1}, ["Bob"]),
        ({"tags__size": 0}, ["Dee", "a.b*(c)"]),
        ({"phone__exists": True}, ["a.b*(c)"]),
        ({"phone__exists": False}, ["Ann", "Bob", "Cid", "Dee"]),
        ({"age__type": int}, ["Ann", "Bob", "Cid", "Dee", "a.b*(c)"]),
        ({"name__type": "string"}, ["Ann", "Bob", "Cid", "Dee", "a.b*(c)"]),
        ({"name__contains": "n"}, ["Ann"]),
        ({"name__contains": "*(c"}, ["a.b*(c)"]),
        ({"name__contains": "."}, ["a.b*(c)"]),
        ({"name__icontains": "AN"}, ["Ann"]),
        ({"name__startswith": "B"}, ["Bob"]),
        ({"name__istartswith": "b"}, ["Bob"]),
        ({"name__endswith": "e"}, ["Dee"]),
        ({"name__iendswith": "(C)"}, ["a.b*(c)"]),
        ({"name__iexact": "ann"}, ["Ann"]),
        ({"name__iexact": "a"}, []),
        ({"name__regex": r"^[AB]"}, ["Ann", "Bob"]),
        ({"name__iregex": r"^[ab]\w"}, ["Ann", "Bob"]),
        ({"age__mod": [10, 0]}, ["Ann", "Cid", "a.b*(c)"]),
        ({"address__city": "Oslo"}, ["Ann", "Cid"]),
        ({"address__city__in": ["Rome", "Paris"]}, ["Bob", "Dee"]),
        ({"created_at__gte": "2000-01-01T00:00:00Z"}, ["Ann", "Bob", "Cid", "Dee", "a.b*(c)"]),
        ({"created_at__lt": datetime(2000, 1, 1, tzinfo=UTC)}, []),
    ]
    for lookups, expected in cases:
        assert sorted(await names(User.objects.filter(**lookups))) == expected, lookups


async def test_q_objects_against_the_server() -> None:
    await make_users()
    assert sorted(await names(User.objects.filter(Q(age__lt=18) | Q(age__gt=65)))) == ["Cid", "Dee"]
    assert await names(User.objects.filter(Q(tags="python") & Q(age__gte=30), ~Q(name="Cid"))) == ["Bob"]
    either = (Q(age__gte=18) & Q(age__lte=30)) | Q(address__city="Paris")
    assert sorted(await names(User.objects.filter(either))) == ["Ann", "Dee"]
    assert sorted(await names(User.objects.exclude(Q(name="Ann") | Q(name="Bob")))) == ["Cid", "Dee"]


async def test_bad_queries_raise_before_anything_is_sent(commands: CommandRecorder) -> None:
    bad_filters: list[dict[str, Any]] = [
        {"age": "old"},
        {"id": "not-an-id"},
        {"name": {"$ne": ""}},
        {"name__in": {"$gt": ""}},
        {"address": {"$exists": True}},
        {"nickname": "x"},
        {"address__zip": "x"},
        {"created_at__gte": "yesterday"},
        {"tags__all": "python"},
    ]
    for lookups in bad_filters:
        with pytest.raises(ValidationError):
            await User.objects.filter(**lookups).first()
    with pytest.raises(ValidationError, match="JavaScript"):
        await User.objects.raw({"$where": "this.age > 1"}).count()
    with pytest.raises(ValidationError, match="JavaScript"):
        await User.objects.aggregate(
            [{"$match": {"$expr": {"$function": {"body": "x", "args": [], "lang": "js"}}}}]
        )
    with pytest.raises(ValidationError):
        User.objects.only("nickname")
    with pytest.raises(ValidationError):
        User.objects.values("nickname")
    assert commands.named("find") == [] and commands.named("aggregate") == []


async def test_raw_filters_combine_with_lookups() -> None:
    await make_users()
    assert sorted(await names(User.objects.raw({"age": {"$gte": 18}}))) == ["Ann", "Bob", "Cid"]
    assert await names(User.objects.filter(name="Ann").raw({"age": {"$gte": 18}})) == ["Ann"]


async def test_ordering_slicing_first_last_and_indexing() -> None:
    await make_users()
    assert await names(User.objects.order_by("-age")[1:3]) == ["Bob", "Ann"]
    assert await names(User.objects.all()[:2]) == ["Ann", "Bob"]
    assert await names(User.objects.skip(1).limit(2)) == ["Bob", "Cid"]
    assert await names(User.objects.order_by("address__city", "-age")) == ["Cid", "Ann", "Dee", "Bob"]
    first = await User.objects.order_by("age").first()
    last = await User.objects.order_by("age").last()
    assert first is not None and first.name == "Dee" and last is not None and last.name == "Cid"
    assert (await User.objects.all()[0]).name == "Ann"
    assert (await User.objects.order_by("-age")[1]).name == "Bob"
    with pytest.raises(IndexError):
        await User.objects.filter(name="Zed")[0]
    with pytest.raises(IndexError):
        await User.objects.all()[10]
    with pytest.raises(OperationError):
        await User.objects.all()[:2].last()
    with pytest.raises(OperationError):
        await User.objects.all()[:2].delete()
    assert await User.objects.all()[1:].count() == 3
    assert await User.objects.limit(0).count() == 0


async def test_only_exclude_and_all_fields(raw: Raw, commands: CommandRecorder) -> None:
    await make_users()
    commands.clear()
    ann = await User.objects.only("name", "email").get(name="Ann")
    assert commands.named("find")[-1]["projection"] == {"email": 1, "name": 1}
    assert ann.name == "Ann" and ann.age is None and ann.tags == []
    bob = await User.objects.exclude("tags", "address").get(name="Bob")
    assert bob.tags == [] and bob.address is None and bob.age == 35
    whole = await User.objects.only("name").all_fields().get(name="Bob")
    assert whole.tags == ["python"]


async def test_saving_a_partial_document_keeps_what_it_did_not_load(raw: Raw) -> None:
    await make_users()
    ann = await User.objects.only("name", "age").get(name="Ann")
    ann.age = 21
    await ann.save()
    stored = raw.users.find_one({"name": "Ann"})
    assert stored is not None
    assert (
        stored["age"] == 21 and stored["tags"] == ["python", "django"] and stored["address"]["city"] == "Oslo"
    )
    city_only = await User.objects.only("address__city").get(name="Bob")
    assert city_only.address is not None and city_only.address.city == "Rome"
    city_only.tags = ["rust"]  # assigned, so written
    await city_only.save()
    stored = raw.users.find_one({"name": "Bob"})
    assert stored is not None and stored["tags"] == ["rust"] and stored["address"]["street"] == "1 Main"


async def test_values_and_values_list() -> None:
    await make_users()
    rows = [row async for row in User.objects.order_by("age").values("name", "age", "address__city")]
    assert rows[0] == {"name": "Dee", "age": 16, "address__city": "Paris"}
    flat = [name async for name in User.objects.order_by("name").values_list("name", flat=True)]
    assert flat == ["Ann", "Bob", "Cid", "Dee"]
    pairs = [
        pair async for pair in User.objects.filter(age__gte=30).order_by("age").values_list("name", "age")
    ]
    assert pairs == [("Bob", 35), ("Cid", 70)]
    everything = await User.objects.filter(name="Ann").values().first()
    assert (
        everything is not None
        and everything["email"] == "ann@example.com"
        and isinstance(everything["id"], ObjectId)
    )
    assert await User.objects.values("name").get(name="Bob") == {"name": "Bob"}
    with pytest.raises(TypeError):
        User.objects.values_list("name", "age", flat=True)


async def test_distinct_and_in_bulk() -> None:
    users = await make_users()
    assert sorted(await User.objects.distinct("tags")) == ["django", "go", "python", "web"]
    assert sorted(await User.objects.filter(age__gte=18).distinct("address__city")) == ["Oslo", "Rome"]
    await Team.objects.create(name="a", budget=Decimal("1.50"))
    assert await Team.objects.distinct("budget") == [Decimal("1.50")]
    found = await User.objects.in_bulk([users[0].id, str(users[1].id), ObjectId()])
    assert set(found) == {users[0].id, users[1].id}
    assert found[users[0].id].name == "Ann"


async def test_count_exists_and_result_caching(commands: CommandRecorder) -> None:
    await make_users()
    qs = User.objects.filter(age__gte=18)
    commands.clear()
    assert await names(qs) == ["Ann", "Bob", "Cid"]
    assert await names(qs) == ["Ann", "Bob", "Cid"]
    assert await qs.count() == 3 and await qs.exists()
    assert len(commands.named("find")) == 1 and commands.named("count") == commands.named("aggregate") == []
    assert await names(qs.all()) == ["Ann", "Bob", "Cid"]  # a new QuerySet queries again
    assert len(commands.named("find")) == 2
    streamed = [u.name async for u in qs.all().iterator(chunk_size=2)]
    assert streamed == ["Ann", "Bob", "Cid"]
    assert commands.named("find")[-1]["batchSize"] == 2
    assert not await User.objects.filter(name="Zed").exists()


async def test_get_or_create(raw: Raw) -> None:
    user, created = await User.objects.get_or_create(
        name="Eve", defaults={"email": "eve@example.com", "age": 33}
    )
    assert created and user.id is not None and user.age == 33
    again, created = await User.objects.get_or_create(name="Eve", defaults={"email": "other@example.com"})
    assert not created and again.id == user.id
    with pytest.raises(ValidationError):
        await User.objects.get_or_create(name="Fay", defaults={"email": "bad"})
    assert raw.users.count_documents({}) == 1


async def test_bulk_create_is_one_round_trip_and_validated_first(raw: Raw, commands: CommandRecorder) -> None:
    commands.clear()
    created = await User.objects.bulk_create(
        User(**user_data(name=f"u{i}", email=f"u{i}@example.com")) for i in range(5)
    )
    assert all(user.id is not None for user in created)
    assert len(commands.named("insert")) == 1 and len(commands.named("insert")[0]["documents"]) == 5
    assert raw.users.count_documents({}) == 5
    bad = [User(**user_data(name="ok")), User(**user_data(name="young", age=5))]  # clean() refuses the second
    with pytest.raises(ValidationError):
        await User.objects.bulk_create(bad)
    assert raw.users.count_documents({}) == 5
    created[0].age = 99
    await created[0].save()  # bulk-created documents diff like saved ones
    assert raw.users.find_one({"_id": created[0].id})["age"] == 99  # type: ignore[index]


async def test_aggregate_helpers_follow_django_naming() -> None:
    await make_users()
    assert await User.objects.aggregate(Sum("age")) == {"age__sum": 141}
    assert await User.objects.aggregate(Avg("age")) == {"age__avg": 35.25}
    assert await User.objects.aggregate(Min("age"), Max("age")) == {"age__min": 16, "age__max": 70}
    assert await User.objects.aggregate(Count("id")) == {"id__count": 4}
    stats = await User.objects.filter(age__gte=18).aggregate(
        total_users=Count("id"), avg_age=Avg("age"), min_age=Min("age"), max_age=Max("age")
    )
    assert stats == {"total_users": 3, "avg_age": 125 / 3, "min_age": 20, "max_age": 70}
    assert await User.objects.filter(name="Zed").aggregate(Sum("age"), Count("id")) == {
        "age__sum": None,
        "id__count": 0,
    }
    assert await User.objects.aggregate(Count("phone")) == {"phone__count": 0}
    await Team.objects.create(name="t1", budget=Decimal("1.25"))
    await Team.objects.create(name="t2", budget=Decimal("2.50"))
    assert await Team.objects.aggregate(Sum("budget")) == {"budget__sum": Decimal("3.75")}
    with pytest.raises(ValidationError):
        await User.objects.aggregate(Sum("nickname"))


async def test_aggregate_pipelines_run_after_the_current_filter() -> None:
    await make_users()
    groups = await User.objects.aggregate(
        [
            {"$group": {"_id": "$address.city", "count": {"$sum": 1}, "avg_age": {"$avg": "$age"}}},
            {"$sort": {"_id": 1}},
        ]
    )
    assert groups == [
        {"_id": "Oslo", "count": 2, "avg_age": 45.0},
        {"_id": "Paris", "count": 1, "avg_age": 16.0},
        {"_id": "Rome", "count": 1, "avg_age": 35.0},
    ]
    adults = await User.objects.filter(age__gte=18).aggregate({"$group": {"_id": None, "n": {"$sum": 1}}})
    assert adults == [{"_id": None, "n": 3}]
    assert User.objects.filter(age__gte=18).order_by("name")[:2].query.pipeline == [
        {"$match": {"age": {"$gte": 18}}},
        {"$sort": {"name": 1}},
        {"$limit": 2},
    ]
    with pytest.raises(ValidationError):
        await User.objects.aggregate([{"$match": {}, "$sort": {"a": 1}}])


async def test_select_related_loads_references_in_one_query_per_field(commands: CommandRecorder) -> None:
    users = await make_users()
    for i in range(6):
        await Team.objects.create(name=f"t{i}", lead=users[i % 4], members=[users[0], users[(i + 1) % 4]])
    commands.clear()
    teams = [team async for team in Team.objects.select_related("lead", "members").order_by("name")]
    assert len(commands.named("find")) == 3  # teams, then one $in per reference field
    assert isinstance(teams[0].lead, User) and teams[0].lead.name == "Ann"
    assert [member.name for member in teams[1].members] == ["Ann", "Cid"]
    plain = await Team.objects.order_by("name").first()
    assert plain is not None and plain.__dict__["lead"] == users[0].id
    commands.clear()
    partial = await Team.objects.only("name", "lead").select_related("lead").get(name="t1")
    assert partial.lead.name == "Bob" and partial.members == []  # type: ignore[union-attr]
    assert commands.named("find")[0]["projection"] == {"lead": 1, "name": 1}
    related_first = await Team.objects.select_related().first()
    assert related_first is not None and isinstance(related_first.lead, User)
    with pytest.raises(ValidationError):
        Team.objects.select_related("name")


async def test_elem_match() -> None:
    await Team.objects.create(
        name="a", comments=[Comment(author="x", votes=1), Comment(author="y", votes=9)], scores=[1, 5]
    )
    await Team.objects.create(name="b", comments=[Comment(author="x", votes=9)], scores=[7])
    matched = Team.objects.filter(comments__elem_match={"author": "x", "votes__gte": 5})
    assert [t.name async for t in matched] == ["b"]
    either = Team.objects.filter(comments__elem_match=Q(author="y") | Q(votes__gt=8))
    assert either.query.filter == {
        "comments": {"$elemMatch": {"$or": [{"author": "y"}, {"votes": {"$gt": 8}}]}}
    }
    assert [t.name async for t in Team.objects.filter(scores__elem_match={"gte": 2, "lt": 6})] == ["a"]
    with pytest.raises(ValidationError):
        Team.objects.filter(comments__elem_match={"$where": "1"}).query  # noqa: B018


@needs_mongodb("$or inside $elemMatch")
async def test_elem_match_with_or() -> None:
    await Team.objects.create(name="a", comments=[Comment(author="x", votes=1), Comment(author="y", votes=9)])
    await Team.objects.create(name="b", comments=[Comment(author="x", votes=9)])
    either = Team.objects.filter(comments__elem_match=Q(author="y") | Q(votes__gt=8))
    assert [t.name async for t in either.order_by("name")] == ["a", "b"]


async def test_geo_lookups_compile_and_run(raw: Raw) -> None:
    await Place.objects.create(name="Oslo", location=[10.75, 59.91])
    await Place.objects.create(name="Rome", location=[12.49, 41.89])
    near = Place.objects.filter(
        location__near=[10.7, 59.9], location__max_distance=5000, location__min_distance=1
    )
    assert near.query.filter == {
        "location": {
            "$near": {
                "$geometry": {"type": "Point", "coordinates": [10.7, 59.9]},
                "$maxDistance": 5000.0,
                "$minDistance": 1.0,
            }
        }
    }
    circle = Place.objects.filter(location__within_distance=[[10.7, 59.9], 6378.1])
    assert circle.query.filter == {"location": {"$geoWithin": {"$centerSphere": [[10.7, 59.9], 0.001]}}}
    box = Place.objects.filter(location__within_box=[[0, 50], [20, 70]])
    assert box.query.filter == {"location": {"$geoWithin": {"$box": [[0.0, 50.0], [20.0, 70.0]]}}}
    assert [p.name async for p in box] == ["Oslo"]
    ring = [[0, 30], [20, 30], [20, 50], [0, 50], [0, 30]]
    assert [p.name async for p in Place.objects.filter(location__within_polygon=ring)] == ["Rome"]
    area = {"type": "Polygon", "coordinates": [ring]}
    assert [p.name async for p in Place.objects.filter(location__intersects=area)] == ["Rome"]
    for bad in [
        {"location__near": [200, 0]},
        {"location__max_distance": -1},
        {"location__within_box": [[0, 0]]},
        {"location__within_polygon": [[0, 0], [1, 1]]},
        {"location__within_distance": [[0, 0], "far"]},
    ]:
        with pytest.raises(ValidationError):
            Place.objects.filter(**bad).query  # noqa: B018


@needs_mongodb("$near in metres with results sorted by distance")
async def test_near_returns_nearest_first_within_metres() -> None:
    await Place.objects.create(name="Oslo", location=[10.75, 59.91])
    await Place.objects.create(name="Bygdoy", location=[10.68, 59.90])
    await Place.objects.create(name="Rome", location=[12.49, 41.89])
    near = Place.objects.filter(location__near=[10.74, 59.91], location__max_distance=10_000)
    assert [p.name async for p in near] == ["Oslo", "Bygdoy"]


async def test_every_update_modifier(raw: Raw) -> None:
    user = await User.objects.create(**user_data(tags=["a", "b", "c"], phone="+4712345678"))
    one = User.objects.filter(id=user.id)
    assert await one.update(set__name="Set", inc__age=2) == 1
    await one.update(dec__age=1)
    await one.update(mul__age=2)
    await one.update(push__tags="d")
    await one.update(push_all__tags=["e", "f"])
    await one.update(pull__tags="a")
    await one.update(pull_all__tags=["b", "c"])
    await one.update(add_to_set__tags="d")
    await one.update(add_to_set__tags=["d", "g"])
    await one.update(pop__tags=-1)
    await one.update(max__age=100, unset__phone=True)
    await one.update(min__age=90)
    await one.update(current_date__updated_at=True)
    await one.update(rename__metadata="extra")
    stored = raw.users.find_one({"_id": user.id})
    assert stored is not None
    assert stored["name"] == "Set" and stored["age"] == 90
    assert stored["tags"] == ["e", "f", "g"]
    assert "phone" not in stored
    assert stored["updated_at"] > user.updated_at  # type: ignore[operator]
    assert "metadata" not in stored and "extra" in stored
    assert await User.objects.filter(name="nobody").update_one(age=1) == 0
    assert await User.objects.update_one(age=91) == 1


async def test_delete_fires_nothing_partial(raw: Raw) -> None:
    await make_users()
    assert await User.objects.filter(age__lt=18).delete() == 1
    assert await User.objects.filter(name="Zed").delete() == 0
    assert raw.users.count_documents({}) == 3


async def test_explain() -> None:
    await make_users()
    plan = await User.objects.filter(age__gte=18).explain()
    assert isinstance(plan, dict) and plan
