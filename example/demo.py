"""Demo data: a few users with avatars, posts with comments, and places, written on the sync face."""

from __future__ import annotations

import io

from PIL import Image

from .community.documents import Comment, Place, Post, User

USERS = [
    ("Ada Lovelace", "ada@example.com", 36, ["math", "python"], "London", "#4a7bd0"),
    ("Grace Hopper", "grace@example.com", 85, ["compilers", "navy"], "New York", "#d04a7b"),
    ("Linus Ek", "linus@example.com", 29, ["django", "mongodb"], "Oslo", "#7bd04a"),
]
POSTS = [
    ("Notes on the Analytical Engine", "ada@example.com", ["math", "history"], True),
    ("Finding the first bug", "grace@example.com", ["debugging", "history"], True),
    ("Django on MongoDB, async", "linus@example.com", ["django", "mongodb", "python"], True),
    ("Draft: cursor pagination", "linus@example.com", ["django", "api"], False),
]
PLACES = [
    ("Oslo Opera House", "Walk on the roof.", [10.7528, 59.9075]),
    ("Akershus Fortress", "Medieval castle by the fjord.", [10.7363, 59.9070]),
    ("Colosseum", "Rome's amphitheatre.", [12.4922, 41.8902]),
    ("Statue of Liberty", "On Liberty Island.", [-74.0445, 40.6892]),
    ("Sydney Opera House", "Sails on the harbour.", [151.2153, -33.8568]),
]


def avatar(color: str) -> tuple[bytes, str]:
    """A plain square PNG of ``color``."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), color).save(buffer, format="PNG")
    return buffer.getvalue(), "image/png"


def load() -> bool:
    """Write the demo data unless the database already has users; True when it was written."""
    if User.sync.objects.exists():
        return False
    users = {}
    for name, email, age, tags, city, color in USERS:
        user = User.sync(name=name, email=email, age=age, tags=tags, address={"city": city})
        content, content_type = avatar(color)
        user.avatar.put(content, filename=f"{email.split('@')[0]}.png", content_type=content_type)
        users[email] = user.save()
    for title, email, tags, published in POSTS:
        Post.sync(
            title=title,
            body=f"{title}: the full text.",
            author=users[email],
            tags=tags,
            published=published,
            comments=[Comment(author="Ada Lovelace", text="Nice one!")],
        ).save()
    Place.sync.objects.bulk_create([Place.sync(name=n, description=d, location=p) for n, d, p in PLACES])
    return True
