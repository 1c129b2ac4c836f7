# Generated from tests/aio/test_images.py by tools/unasync.py: do not edit.
"""ImageField: the pixel limit read from the header, the stored format, Pillow kept off the event loop."""

from __future__ import annotations

import io
import struct
import threading
import zlib

import pytest
from PIL import Image

from mongodb_rest.fields import ImageField, StringField
from mongodb_rest.sync import Document, ValidationError

_IS_SYNC = True

pytestmark = pytest.mark.usefixtures("db_name")

XPM = b"""/* XPM */
static char *dot[] = {
"4 2 2 1",
"  c None",
"x c #FF0000",
"x  x",
" xx "
};
"""


class Profile(Document):
    name = StringField()
    avatar = ImageField()
    thumb = ImageField(size=(2, 2, True), bucket="thumbs")
    photo = ImageField(format="jpeg", bucket="photos")
    tiny = ImageField(max_pixels=100, bucket="tiny")
    unlimited = ImageField(max_pixels=None, bucket="unlimited")


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with a few bytes of pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_images_over_the_pixel_limit_are_refused_from_their_header() -> None:
    profile = Profile()
    with pytest.raises(ValidationError, match=r"8000x8000 pixels; at most 40,000,000") as caught:
        profile.avatar.put(png_header(8000, 8000))
    assert list(caught.value.errors) == ["avatar"]
    with pytest.raises(ValidationError, match="at most 100 pixels"):
        profile.tiny.put(png(11, 10))
    profile.tiny.put(png(10, 10))
    assert not profile.avatar


def test_decompression_bombs_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match="Not a valid image") as caught:
        Profile().unlimited.put(png_header(20000, 20000))  # over twice Pillow's own limit
    assert "decompression bomb" in str(caught.value)


def test_unwritable_formats_are_stored_as_png() -> None:
    profile = Profile()
    stored = profile.avatar.put(XPM, filename="dot.xpm", content_type="image/x-xpixmap")
    assert stored.content_type == "image/png"
    image = Image.open(io.BytesIO(profile.avatar.read()))
    assert (image.format, image.size) == ("PNG", (4, 2))
    profile.thumb.put(XPM)  # resized, then written as PNG
    thumb = Image.open(io.BytesIO(profile.thumb.read()))
    assert (thumb.format, thumb.size) == ("PNG", (2, 2))
    profile.save()
    assert (Profile.objects.get()).avatar.content_type == "image/png"


def test_web_formats_are_kept_and_format_converts() -> None:
    profile = Profile()
    data = png(3, 3)
    profile.avatar.put(data)
    assert profile.avatar.read() == data  # kept byte for byte
    stored = profile.photo.put(png(3, 3, "RGBA"))
    assert stored.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(profile.photo.read())).format == "JPEG"


def test_a_format_pillow_cannot_write_is_refused_at_definition() -> None:
    with pytest.raises(ValueError, match="cannot write"):
        ImageField(format="XPM")


class Probe(ImageField):
    """Records the thread Pillow's work runs in."""

    threads: list[int] = []

    def prepare(self, data: bytes, content_type: str | None) -> tuple[bytes, str | None]:
        self.threads.append(threading.get_ident())
        return super().prepare(data, content_type)


class Probed(Document):
    image = Probe()


def test_pillow_runs_off_the_event_loop() -> None:
    Probe.threads.clear()
    Probed().image.put(png(2, 2))
    assert (Probe.threads == [threading.get_ident()]) is _IS_SYNC
