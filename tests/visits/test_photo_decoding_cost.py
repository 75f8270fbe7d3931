"""Issue 12 finding 6: a photo's decoding cost is bounded before it is paid.

The review's 5 KB 1-bit PNG of 7000×5700 px (under the 40-megapixel limit) was
decoded whole: ~1 s and +370 MB each, twelve in one post took 9 s. Now the
pixel count is read from the header, JPEGs are decoded reduced (draft mode),
other formats have a lower cap, and one save has a pixel budget.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, JpegImagePlugin

from visits.forms import PhotosField
from visits.photos import PixelBudget, process_photo


def _png_1bit(size) -> bytes:
    out = io.BytesIO()
    Image.new("1", size, 0).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _jpeg(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 30, 30)).save(out, format="JPEG", quality=30)
    return out.getvalue()


def test_the_reviews_7000_by_5700_one_bit_png_is_refused_before_decoding(monkeypatch):
    data = _png_1bit((7000, 5700))
    assert len(data) < 60_000
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size))
    with pytest.raises(ValidationError) as exc:
        process_photo(SimpleUploadedFile("小图.png", data))
    assert "像素尺寸过大（超过 16 百万像素）" in exc.value.messages[0]
    assert decoded == []


def test_a_large_jpeg_is_decoded_reduced_in_draft_mode(monkeypatch, settings):
    sizes = []
    original = JpegImagePlugin.JpegImageFile.load

    def spy(self):
        sizes.append(self.size)
        return original(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy)
    processed = process_photo(SimpleUploadedFile("大照片.jpg", _jpeg((7680, 4320))))
    assert max(processed.width, processed.height) == settings.PHOTO_MAX_EDGE
    assert sizes and max(sizes[0]) < 7680 / 2  # decoded at 1/2 scale or smaller, never whole


def test_one_save_has_a_pixel_budget_over_all_its_photos(settings):
    settings.PHOTO_MAX_PIXELS_PER_SAVE = 5_000_000
    png = io.BytesIO()
    Image.new("RGB", (2000, 1000), "white").save(png, format="PNG")
    files = [SimpleUploadedFile(f"截图{i}.png", png.getvalue()) for i in range(3)]
    with pytest.raises(ValidationError) as exc:
        PhotosField().clean(files)
    assert any("总像素过大" in m for m in exc.value.messages)


def test_the_budget_is_spent_per_photo():
    budget = PixelBudget(pixels=10)
    budget.spend(6, "a")
    with pytest.raises(ValidationError):
        budget.spend(6, "b")
