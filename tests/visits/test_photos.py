"""visits.photos: what the server accepts as a photo and what it stores."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from visits.photos import process_photo

from .conftest import image_bytes


def _upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (39.0, 43.0, 30.0)
    gps[3] = "E"
    gps[4] = (116.0, 20.0, 10.0)
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 200)).save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def test_gps_exif_is_removed():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test image really has GPS

    stored = Image.open(io.BytesIO(process_photo(_upload(original)).content.read()))

    assert stored.format == "JPEG"
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info


def test_large_photo_is_scaled_down_to_the_max_edge(settings):
    settings.PHOTO_MAX_EDGE = 500
    processed = process_photo(_upload(image_bytes(size=(2000, 1000))))
    assert (processed.width, processed.height) == (500, 250)
    assert Image.open(io.BytesIO(processed.content.read())).size == (500, 250)


def test_png_named_jpg_is_accepted_because_it_is_a_real_image():
    processed = process_photo(_upload(image_bytes("PNG"), name="screenshot.jpg"))
    assert Image.open(io.BytesIO(processed.content.read())).format == "JPEG"


def test_transparent_png_becomes_a_jpeg_on_white():
    buf = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buf, format="PNG")
    stored = Image.open(io.BytesIO(process_photo(_upload(buf.getvalue(), "a.png")).content.read()))
    assert stored.mode == "RGB"
    assert stored.getpixel((25, 25)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<?php system($_GET['c']); ?>", "shell.jpg"),
        (b"just some text, not a picture", "notes.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>', "x.svg"),
        (b"", "empty.jpg"),
    ],
)
def test_non_images_are_rejected_in_chinese(content, name):
    with pytest.raises(ValidationError) as caught:
        process_photo(_upload(content, name=name))
    assert f"“{name}”不是有效的图片文件" in caught.value.messages[0]


def test_truncated_jpeg_is_rejected():
    data = image_bytes(size=(400, 300))
    with pytest.raises(ValidationError) as caught:
        process_photo(_upload(data[: len(data) // 2]))
    assert "不是有效的图片文件" in caught.value.messages[0]


def test_file_over_the_byte_limit_is_rejected(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        process_photo(_upload(image_bytes(size=(400, 300)) + b"\0" * 1000))
    assert "超过了" in caught.value.messages[0]
    assert "请压缩后再上传" in caught.value.messages[0]


def test_decompression_bomb_is_rejected_with_a_clear_message(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    # Small on disk, 16 million pixels once opened.
    buf = io.BytesIO()
    Image.new("L", (4000, 4000)).save(buf, format="PNG", optimize=True)
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(ValidationError) as caught:
        process_photo(_upload(buf.getvalue(), "bomb.png"))
    assert "像素尺寸过大" in caught.value.messages[0]


def test_pillow_own_bomb_limit_also_gives_our_message(settings, monkeypatch):
    settings.PHOTO_MAX_PIXELS = 10**12  # ours would allow it; Pillow's own guard fires first
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as caught:
        process_photo(_upload(image_bytes(size=(400, 300))))
    assert "像素尺寸过大" in caught.value.messages[0]


def test_orientation_tag_is_applied_before_it_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buf = io.BytesIO()
    Image.new("RGB", (300, 100), (0, 0, 0)).save(buf, format="JPEG", exif=exif)
    processed = process_photo(_upload(buf.getvalue()))
    assert (processed.width, processed.height) == (100, 300)
