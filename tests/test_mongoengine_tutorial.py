"""MongoEngine's own tutorial (the tumblelog) run on the sync face, as a migrating project would:
only the import line changed (``from mongoengine import *``); the test's database stands in for
``connect('tumblelog')``."""

# ruff: noqa: F403, F405
from __future__ import annotations

import datetime
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.sync import *

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class User(Document):
    email = StringField(required=True)
    first_name = StringField(max_length=50)
    last_name = StringField(max_length=50)

    meta = {"collection": "tumblelog_user"}


class Comment(EmbeddedDocument):
    content = StringField()
    name = StringField(max_length=120)


class Post(Document):
    title = StringField(max_length=120, required=True)
    author = ReferenceField(User, reverse_delete_rule=CASCADE)
    tags = ListField(StringField(max_length=30))
    comments = ListField(EmbeddedDocumentField(Comment))

    meta = {"allow_inheritance": True, "collection": "tumblelog_post"}


class TextPost(Post):
    content = StringField()


class ImagePost(Post):
    image_path = StringField()


class LinkPost(Post):
    link_url = StringField()


class BlogPost(Document):
    """The example of MongoEngine's README."""

    title = StringField(required=True, max_length=200)
    posted = DateTimeField(default=datetime.datetime.now)
    tags = ListField(StringField(max_length=50))

    meta = {"allow_inheritance": True, "collection": "tumblelog_blog"}


class ReadmeTextPost(BlogPost):
    content = StringField(required=True)


def test_the_tumblelog_tutorial(raw: Raw) -> None:
    ross = User(email="ross@example.com", first_name="Ross", last_name="Lawley").save()
    john = User(email="john@example.com")
    john.first_name = "John"
    john.last_name = "Doe"
    john.save()

    post1 = TextPost(title="Fun with MongoEngine", author=john)
    post1.content = "Took a look at MongoEngine today, looks pretty cool."
    post1.tags = ["mongodb", "mongoengine"]
    post1.save()

    post2 = LinkPost(title="MongoEngine Documentation", author=ross)
    post2.link_url = "http://docs.mongoengine.com/"
    post2.tags = ["mongoengine"]
    post2.save()

    ImagePost(title="A picture", author=ross, image_path="/img/1.png").save()

    assert sorted(post.title for post in Post.objects) == [
        "A picture",
        "Fun with MongoEngine",
        "MongoEngine Documentation",
    ]
    assert [post.content for post in TextPost.objects] == [post1.content]

    shown = []
    for post in Post.objects:
        shown.append(post.title)
        shown.append("=" * len(post.title))
        if isinstance(post, TextPost):
            shown.append(post.content)
        if isinstance(post, LinkPost):
            shown.append(f"Link: {post.link_url}")
    assert "Link: http://docs.mongoengine.com/" in shown and post1.content in shown

    assert [post.title for post in Post.objects(tags="mongodb")] == ["Fun with MongoEngine"]
    num_posts = Post.objects(tags="mongodb").count()
    assert num_posts == 1
    first = Post.objects(tags="mongoengine").order_by("title").first()
    assert first is not None and first.author.first_name == "John"  # the reference, dereferenced

    post1.comments.append(Comment(content="Nice", name="Ross"))
    post1.save()
    assert Post.objects.get(title="Fun with MongoEngine").comments[0].name == "Ross"
    stored = raw["tumblelog_post"].find_one({"_id": post1.id})
    assert stored is not None and stored["_cls"] == "Post.TextPost"
    assert stored["comments"] == [{"content": "Nice", "name": "Ross"}]

    ross.delete()  # reverse_delete_rule=CASCADE: his posts go with him
    assert [post.title for post in Post.objects] == ["Fun with MongoEngine"]


def test_the_readme_example() -> None:
    post1 = ReadmeTextPost(title="Using MongoEngine", content="See the tutorial")
    post1.tags = ["mongodb", "mongoengine"]
    post1.save()
    for post in BlogPost.objects:
        assert isinstance(post, ReadmeTextPost) and post.content == "See the tutorial"
        assert post.posted.tzinfo is not None  # naive datetime.now taken as UTC, read back aware
    assert BlogPost.objects(tags="mongoengine").count() == 1
