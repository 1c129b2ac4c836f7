"""MongoEngine's QuerySet API on the async face: what is returned, what is stored and what goes over the
wire."""

from __future__ import annotations

from typing import Any

import pytest
from bson import DBRef, ObjectId, json_util
from django.utils.inspect import method_has_no_args
from pymongo import ReadPreference
from pymongo.database import Database

from mongodb_rest import (
    DefinitionError,
    Document,
    EmbeddedDocument,
    OperationError,
    QuerySet,
    ValidationError,
    queryset_manager,
)
from mongodb_rest.document.schema import document_schema
from mongodb_rest.document.twins import FACES
from mongodb_rest.fields import (
    BooleanField,
    EmbeddedDocumentField,
    GenericReferenceField,
    IntField,
    ListField,
    ReferenceField,
    StringField,
)

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Comment(EmbeddedDocument):
    author = StringField()
    text = StringField()
    likes = IntField(default=0)


class Post(Document):
    title = StringField(required=True)
    body = StringField()
    score = IntField(default=0)
    tags = ListField(StringField())
    comments = ListField(EmbeddedDocumentField(Comment))

    meta = {"collection": "me_posts"}


class Animal(Document):
    name = StringField()

    meta = {"collection": "me_animals", "allow_inheritance": True}


class Dog(Animal):
    pass


async def make_posts() -> list[Post]:
    return [
        await Post.objects.create(
            title="one",
            score=2,
            tags=["a", "b"],
            comments=[Comment(author="ann", text="hi"), Comment(author="bob", text="yo", likes=3)],
        ),
        await Post.objects.create(title="two", score=5, tags=["a"]),
        await Post.objects.create(title="three", score=7),
    ]


async def test_insert_one_or_many_documents(raw: Raw, commands: CommandRecorder) -> None:
    one = await Post.objects.insert(Post(title="x"))
    assert isinstance(one, Post) and one.id is not None
    many = await Post.objects.insert([Post(title="y"), Post(title="z")])
    assert [post.title for post in many] == ["y", "z"] and all(post.id for post in many)
    ids = await Post.objects.insert([Post(title="w")], load_bulk=False)
    assert len(ids) == 1 and isinstance(ids[0], ObjectId)
    assert raw.me_posts.count_documents({}) == 4
    assert len(commands.named("insert")) == 3  # one round trip each
    with pytest.raises(ValidationError):
        await Post.objects.insert(Post())  # title is required: validated before anything is sent


async def test_as_pymongo_gives_the_stored_dicts() -> None:
    await make_posts()
    rows = [row async for row in Post.objects.order_by("score").as_pymongo()]
    assert [type(row) for row in rows] == [dict, dict, dict]
    assert rows[0]["title"] == "one" and isinstance(rows[0]["_id"], ObjectId)
    assert rows[0]["comments"][1] == {"author": "bob", "text": "yo", "likes": 3}
    first = await Post.objects.order_by("-score").as_pymongo().first()
    assert first is not None and first["title"] == "three"


async def test_sum_and_average() -> None:
    await make_posts()
    assert await Post.objects.sum("score") == 14
    assert await Post.objects.filter(score__gt=2).average("score") == 6
    assert await Post.objects.filter(title="none").sum("score") == 0
    assert await Post.objects.filter(title="none").average("score") == 0
    assert await Post.objects.sum("comments__likes") == 3  # the items of a list, one by one


async def test_item_frequencies_counts_the_items_of_lists(commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    assert await Post.objects.item_frequencies("tags") == {"a": 2, "b": 1}
    assert await Post.objects.item_frequencies("tags", normalize=True) == {"a": 2 / 3, "b": 1 / 3}
    assert await Post.objects.filter(score__lt=6).item_frequencies("score") == {2: 1, 5: 1}
    assert await Post.objects.item_frequencies("body") == {None: 3}
    pipeline = commands.named("aggregate")[0]["pipeline"]
    assert pipeline == [{"$unwind": "$tags"}, {"$group": {"_id": "$tags", "count": {"$sum": 1}}}]


async def test_fields_selects_and_slices(commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    post = await Post.objects.fields(title=1, score=1).get(title="one")
    assert (post.title, post.score, post.tags) == ("one", 2, [])
    post = await Post.objects.fields(body=0, slice__comments=1).get(title="one")
    assert [comment.author for comment in post.comments] == ["ann"] and post.tags == ["a", "b"]
    post = await Post.objects.fields(slice__comments=[1, 1]).get(title="one")
    assert [comment.author for comment in post.comments] == ["bob"]
    post = await Post.objects.fields(elemMatch__comments={"author": "bob"}).get(title="one")
    assert [comment.author for comment in post.comments] == ["bob"] and post.score == 0  # not loaded
    sent = [command["projection"] for command in commands.named("find")]
    assert sent == [
        {"score": 1, "title": 1},
        {"body": 0, "comments": {"$slice": 1}},
        {"comments": {"$slice": [1, 1]}},
        {"comments": {"$elemMatch": {"author": "bob"}}},
    ]
    with pytest.raises(ValidationError):
        Post.objects.fields(slice__comments="x")
    with pytest.raises(ValidationError):
        Post.objects.fields(title=2)


async def test_a_list_loaded_in_part_is_not_written_back(raw: Raw) -> None:
    await make_posts()
    post = await Post.objects.fields(slice__comments=1).get(title="one")
    post.score = 9
    await post.save()
    stored = raw.me_posts.find_one({"title": "one"})
    assert stored is not None and stored["score"] == 9 and len(stored["comments"]) == 2


async def test_none_matches_nothing_and_sends_no_read(raw: Raw, commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    nothing = Post.objects.none()
    assert [post async for post in nothing] == []
    assert await nothing.count() == 0 and not await nothing.exists() and await nothing.first() is None
    assert await nothing.sum("score") == 0
    assert commands.commands == []
    assert await nothing.update(set__score=0) == 0
    assert await nothing.delete() == 0
    assert raw.me_posts.count_documents({"score": 0}) == 0 and raw.me_posts.count_documents({}) == 3


async def test_clone_and_order_by_without_fields() -> None:
    await make_posts()
    ordered = Post.objects.order_by("-score")
    copy = ordered.clone()
    assert copy is not ordered and [post.title async for post in copy] == ["three", "two", "one"]
    assert ordered.order_by().query.sort is None


async def test_to_json_and_from_json_round_trip() -> None:
    await make_posts()
    text = await Post.objects.order_by("score").to_json()
    assert json_util.loads(text)[0]["_id"] == (await Post.objects.get(title="one")).id
    posts = Post.objects.from_json(text)
    assert [post.title for post in posts] == ["one", "two", "three"]
    assert posts[0].comments[1].likes == 3
    one = Post.from_json(json_util.dumps(json_util.loads(text)[0]))
    assert one == posts[0] and one.tags == ["a", "b"]
    assert Post.from_json(posts[1].to_json()).title == "two"  # the values to_json() writes
    with pytest.raises(ValidationError):
        Post.objects.from_json("{}")


async def test_with_id() -> None:
    posts = await make_posts()
    found = await Post.objects.with_id(posts[1].id)
    assert found is not None and found.title == "two"
    assert await Post.objects.with_id(str(posts[2].id)) == posts[2]
    assert await Post.objects.with_id(ObjectId()) is None
    assert await Post.objects.filter(title="one").with_id(posts[1].id) is None


async def test_search_text_sends_text_and_orders_by_score(raw: Raw, commands: CommandRecorder) -> None:
    await make_posts()
    raw.me_posts.create_index([("title", "text")])
    commands.clear()
    found = [post.title async for post in Post.objects.search_text("two")]
    assert found == ["two"]
    ranked = Post.objects.search_text("one two", language="english").order_by("$text_score")
    assert sorted([post.title async for post in ranked]) == ["one", "two"]
    sent = commands.named("find")
    assert sent[0]["filter"] == {"$text": {"$search": "two"}}
    assert sent[1]["filter"] == {"$text": {"$search": "one two", "$language": "english"}}
    assert sent[1]["sort"] == {"_text_score": {"$meta": "textScore"}}
    with pytest.raises(OperationError, match="search_text"):
        await Post.objects.order_by("$text_score").first()


async def test_cursor_options(commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    titles = [post.title async for post in Post.objects.order_by("score").batch_size(2).comment("report")]
    assert titles == ["one", "two", "three"]
    find = commands.named("find")[0]
    assert find["batchSize"] == 2 and find["comment"] == "report"
    assert commands.named("getMore")  # the third document came in a second batch
    assert await Post.objects.comment("counting").count() == 3
    assert commands.named("aggregate")[-1]["comment"] == "counting"  # count_documents is an aggregate
    with pytest.raises(ValueError):
        Post.objects.batch_size(0)


async def test_read_preference_and_read_concern(commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    nearest = Post.objects.read_preference(ReadPreference.PRIMARY_PREFERRED)
    assert await nearest.read_concern({"level": "local"}).count() == 3
    assert commands.named("aggregate")[0]["readConcern"] == {"level": "local"}
    with pytest.raises(TypeError):
        Post.objects.read_preference("secondary")  # type: ignore[arg-type]


async def test_no_cache_queries_again(commands: CommandRecorder) -> None:
    await make_posts()
    cached = Post.objects.all()
    uncached = Post.objects.no_cache()
    commands.clear()
    for queryset in (cached, cached, uncached, uncached):
        assert len([post async for post in queryset]) == 3
    assert len(commands.named("find")) == 3


async def test_no_sub_classes() -> None:
    await Animal.objects.create(name="generic")
    await Dog.objects.create(name="rex")
    assert sorted([animal.name async for animal in Animal.objects.all()]) == ["generic", "rex"]
    assert [animal.name async for animal in Animal.objects.no_sub_classes()] == ["generic"]
    assert Animal.objects.no_sub_classes().query.filter == {"_cls": "Animal"}


async def test_count_with_limit_and_skip() -> None:
    await make_posts()
    assert await Post.objects.skip(1).count() == 2  # Django's default: skip and limit apply
    assert await Post.objects.skip(1).count(with_limit_and_skip=False) == 3
    assert await Post.objects.limit(1).count(with_limit_and_skip=True) == 1
    assert method_has_no_args(Post.objects.count)  # what Django's Paginator asks before calling it
    with pytest.raises(TypeError, match="with_limit_and_skip"):
        await Post.objects.count(limit=True)


async def test_update_full_result_is_the_driver_result() -> None:
    await make_posts()
    result = await Post.objects.filter(title="one").update_one(full_result=True, inc__score=1)
    assert (result.matched_count, result.modified_count, result.raw_result["n"]) == (1, 1, 1)
    result = await Post.objects.update(full_result=True, set__body="b")
    assert result.modified_count == 3


async def test_positional_operator_in_updates(raw: Raw, commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    await Post.objects.filter(comments__author="bob").update_one(set__comments__S__text="edited")
    await Post.objects.filter(comments__author="ann").update_one(inc__comments__S__likes=2)
    await Post.objects.filter(tags="b").update_one(set__tags__S="c")
    stored = raw.me_posts.find_one({"title": "one"})
    assert stored is not None
    assert [(c["author"], c["text"], c["likes"]) for c in stored["comments"]] == [
        ("ann", "hi", 2),
        ("bob", "edited", 3),
    ]
    assert stored["tags"] == ["a", "c"]
    updates = [command["updates"][0]["u"] for command in commands.named("update")]
    assert updates[0] == {"$set": {"comments.$.text": "edited"}}
    assert updates[1] == {"$inc": {"comments.$.likes": 2}}
    with pytest.raises(ValidationError):
        await Post.objects.filter(comments__author="bob").update(inc__comments__S__likes="many")


async def test_not_prefix_negates_a_lookup(commands: CommandRecorder) -> None:
    await make_posts()
    commands.clear()
    assert sorted([post.title async for post in Post.objects.filter(score__not__gt=4)]) == ["one"]
    titles = [post.title async for post in Post.objects.filter(title__not__istartswith="T")]
    assert titles == ["one"]
    assert [post.title async for post in Post.objects.filter(tags__not__size=1)] == ["one", "three"]
    filters = [command["filter"] for command in commands.named("find")]
    assert filters[0] == {"score": {"$not": {"$gt": 4}}}
    assert filters[1] == {"title": {"$not": {"$regex": "^T", "$options": "i"}}}
    with pytest.raises(ValidationError):
        Post.objects.filter(score__not__gt="many").query  # noqa: B018 - compiling is what raises


class ReleaseQuerySet(QuerySet["Release"]):
    def stable(self) -> ReleaseQuerySet:
        return self.filter(name__not__contains="rc")

    async def names(self) -> list[str]:
        return [release.name async for release in self]


class Release(Document):
    name = StringField(required=True)
    version = IntField(default=0)
    live = BooleanField(default=False)

    meta = {"collection": "me_releases", "queryset_class": ReleaseQuerySet}

    @queryset_manager
    def objects(doc_cls, queryset: ReleaseQuerySet) -> ReleaseQuerySet:
        return queryset.order_by("-version")

    @queryset_manager
    def published(doc_cls, queryset: ReleaseQuerySet) -> ReleaseQuerySet:
        return queryset.filter(live=True)


def other_face(cls: type[Document]) -> str:
    return next(face for face in FACES if face != cls._face)


async def make_releases() -> None:
    for name, version, live in (("1.0", 1, True), ("2.0-rc", 3, True), ("1.1", 2, False)):
        await Release(name=name, version=version, live=live).save()


async def test_queryset_manager_functions() -> None:
    await make_releases()
    assert await Release.objects.names() == ["2.0-rc", "1.1", "1.0"]  # objects replaced: ordered
    assert await Release.published.names() == ["1.0", "2.0-rc"]
    assert await Release.published.order_by("-version").names() == ["2.0-rc", "1.0"]
    assert Release._default_manager.query.sort is None  # the plain manager stays


async def test_document_methods_reach_documents_a_manager_named_objects_leaves_out() -> None:
    class Draft(Document):
        title = StringField()
        live = BooleanField(default=False)

        meta = {"collection": "me_drafts"}

        @queryset_manager
        def objects(doc_cls, queryset: QuerySet[Draft]) -> QuerySet[Draft]:
            return queryset.filter(live=True)

    draft = await Draft(title="wip").save()
    assert await Draft.objects.count() == 0
    assert await draft.modify(set__title="done") and draft.title == "done"
    assert await Draft._default_manager.count() == 1


async def test_queryset_class_methods_survive_chaining() -> None:
    await make_releases()
    stable = Release.objects.filter(live=True).stable()
    assert isinstance(stable, ReleaseQuerySet)
    assert await stable.names() == ["1.0"]
    assert isinstance(Release.published.all().clone(), ReleaseQuerySet)


async def test_the_twin_keeps_the_managers_with_the_plain_queryset() -> None:
    twin = Release.twin(other_face(Release))
    assert not isinstance(twin.objects, ReleaseQuerySet)
    assert twin.objects.query.sort == [("version", -1)]  # the manager that replaced objects
    assert twin.published.query.filter == {"live": True}


async def test_a_queryset_class_of_another_kind_is_refused() -> None:
    class Odd(Document):
        name = StringField()

        meta = {"collection": "me_odd", "queryset_class": dict}

    with pytest.raises(DefinitionError, match="must subclass"):
        Odd.objects  # noqa: B018 - the access raises
    with pytest.raises(TypeError):
        queryset_manager("objects")  # type: ignore[arg-type]


class Node(Document):
    name = StringField()
    parent = ReferenceField("self")

    meta = {"collection": "me_nodes"}


class Book(Document):
    title = StringField()

    meta = {"collection": "me_books"}


class Shelf(Document):
    label = StringField()
    book = ReferenceField(Book, dbref=True)
    books = ListField(ReferenceField(Book, dbref=True))

    meta = {"collection": "me_shelves"}


class Media(Document):
    caption = StringField()

    meta = {"abstract": True}


class Photo(Media):
    meta = {"collection": "me_photos"}


class Video(Media):
    seconds = IntField(default=0)

    meta = {"collection": "me_videos"}


class Album(Document):
    cover = ReferenceField(Media)
    items = ListField(ReferenceField(Media))

    meta = {"collection": "me_albums"}


class Note(Document):
    target = GenericReferenceField(choices=[Post, "Book"])

    meta = {"collection": "me_notes"}


async def test_a_reference_to_self(raw: Raw) -> None:
    root = await Node(name="root").save()
    leaf = await Node(name="leaf", parent=root).save()
    stored = raw.me_nodes.find_one({"name": "leaf"})
    assert stored is not None and stored["parent"] == root.id
    found = await Node.objects.get(parent=root)
    await found.fetch("parent")
    assert found == leaf and isinstance(found.parent, Node) and found.parent.name == "root"
    with pytest.raises(ValidationError):
        Node(name="x", parent=Book(title="not a node", id=ObjectId()))


async def test_dbref_storage(raw: Raw, commands: CommandRecorder) -> None:
    first = await Book(title="first").save()
    second = await Book(title="second").save()
    await Shelf(label="s", book=first, books=[first, second]).save()
    stored = raw.me_shelves.find_one()
    assert stored is not None
    assert stored["book"] == DBRef("me_books", first.id)
    assert stored["books"] == [DBRef("me_books", first.id), DBRef("me_books", second.id)]
    shelf = await Shelf.objects.get()
    assert shelf.__dict__["book"] == first.id  # read back as the id, as other references are
    commands.clear()
    assert await Shelf.objects.filter(book=first).count() == 1
    assert await Shelf.objects.filter(book=first.id).count() == 1
    assert await Shelf.objects.filter(book=str(second.id)).count() == 0
    assert await Shelf.objects.filter(books=second).count() == 1
    assert commands.named("aggregate")[0]["pipeline"][0] == {"$match": {"book": DBRef("me_books", first.id)}}
    await shelf.fetch()
    assert shelf.book.title == "first" and [book.title for book in shelf.books] == ["first", "second"]
    loaded = await Shelf.objects.select_related("books").first()
    assert loaded is not None and [book.title for book in loaded.books] == ["first", "second"]
    assert document_schema(Shelf)["properties"]["book"]["bsonType"] == "object"  # a DBRef, for validators


async def test_a_dangling_reference_reads_back_as_its_id() -> None:
    book = await Book(title="gone soon").save()
    await Shelf(label="s", book=book).save()
    await Book.objects.filter(id=book.id).delete()
    shelf = await Shelf.objects.get()
    await shelf.fetch("book")
    assert shelf.book == book.id  # the stored id stays: no document to load
    related = await Shelf.objects.select_related("book").first()
    assert related is not None and related.book == book.id


async def test_a_reference_to_an_abstract_class_loads_the_stored_subclass(raw: Raw) -> None:
    photo = await Photo(caption="sea").save()
    video = await Video(caption="waves", seconds=3).save()
    await Album(cover=video, items=[photo, video]).save()
    stored = raw.me_albums.find_one()
    assert stored is not None
    assert stored["cover"] == DBRef("me_videos", video.id, cls="Video")
    assert stored["items"][0] == DBRef("me_photos", photo.id, cls="Photo")
    album = await Album.objects.get(cover=video)
    await album.fetch()
    assert isinstance(album.cover, Video) and album.cover.seconds == 3
    assert [type(item).__name__ for item in album.items] == ["Photo", "Video"]
    assert isinstance(album.items[0], Photo) and album.items[0].caption == "sea"
    with pytest.raises(ValidationError):
        Album(cover=photo.id)  # an id cannot say which class it is of


async def test_generic_reference_choices() -> None:
    post = await Post.objects.create(title="p")
    book = await Book(title="b").save()
    await Note(target=post).save()
    await Note(target=book).save()
    with pytest.raises(ValidationError, match="Post, Book"):
        Note(target=await Node(name="n").save())
    assert await Note.objects.count() == 2


class Order(Document):
    region = StringField(required=True)
    number = IntField()
    status = StringField(default="new")

    meta = {"collection": "me_orders", "shard_key": ("region",)}


async def test_one_document_writes_filter_by_the_shard_key(commands: CommandRecorder) -> None:
    order = await Order(region="eu", number=1).save()
    commands.clear()
    order.status = "paid"
    await order.save()
    assert commands.named("update")[0]["updates"][0]["q"] == {"_id": order.id, "region": "eu"}
    await order.reload()
    assert commands.named("find")[0]["filter"] == {"_id": order.id, "region": "eu"}
    assert await order.modify(set__status="sent") and order.status == "sent"
    assert commands.named("findAndModify")[0]["query"] == {"_id": order.id, "region": "eu"}
    assert await order.update(set__number=2) == 1
    assert commands.named("update")[1]["updates"][0]["q"] == {"_id": order.id, "region": "eu"}
    await order.reload()
    assert order.number == 2
    await order.delete()
    assert commands.named("findAndModify")[-1]["query"] == {"_id": order.id, "region": "eu"}  # the delete
    given = await Order(id=ObjectId(), region="us").save()  # an id given: an upserting replace
    assert commands.named("update")[-1]["updates"][0]["q"] == {"_id": given.id, "region": "us"}


async def test_a_shard_key_field_of_a_stored_document_cannot_change(
    raw: Raw, commands: CommandRecorder
) -> None:
    order = await Order(region="eu", number=1).save()
    commands.clear()
    order.region = "us"
    with pytest.raises(OperationError, match="shard key field"):
        await order.save()
    with pytest.raises(OperationError, match="region"):
        await order.update(set__region="us")
    with pytest.raises(OperationError, match="region"):
        await order.modify(set__region="us")
    assert commands.commands == []
    assert raw.me_orders.find_one({"region": "eu"}) is not None


async def test_the_shard_key_is_indexed() -> None:
    await Order(region="eu").save()
    keys = [dict(index["key"]) for index in await Order.list_indexes()]
    assert {"region": 1} in keys
