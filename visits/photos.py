"""Visit photos: check an upload really is an image, then store a clean JPEG.

Phones send 3–15 MB photos with GPS coordinates in their EXIF data. The
browser scales them down first (static/js/photo-resize.js), but the server
cannot trust that: here every upload is opened with Pillow (the type is what
the bytes are, never what the name says), checked against the byte and pixel
limits, turned upright, re-encoded as a JPEG without any metadata and scaled
down to ``settings.PHOTO_MAX_EDGE``.

Decoding is where a hostile photo costs (issue 12: a 5 KB 1-bit PNG of
7000×5700 px took ~1 s and +370 MB). The pixel count is read from the header
before anything is decoded; a JPEG is then decoded in draft mode (the decoder
scales by 1/2, 1/4 or 1/8 on the fly, so a 40-megapixel photo decodes to a few
megapixels); formats that cannot be decoded reduced (PNG, GIF, BMP …) are
refused above ``PHOTO_MAX_FULL_DECODE_PIXELS``; and one save decodes at most
``PHOTO_MAX_PIXELS_PER_SAVE`` pixels over all its photos (``PixelBudget``).
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# What phone cameras and screenshots produce. SVG is not here on purpose: it
# is a script-capable document, not a picture, and Pillow cannot open it anyway.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF"}
JPEG_QUALITY = 85


class PixelBudget:
    """The pixels one save may still decode, over all its photos."""

    def __init__(self, pixels=None):
        self.left = settings.PHOTO_MAX_PIXELS_PER_SAVE if pixels is None else pixels

    def spend(self, pixels: int, name: str) -> None:
        if pixels > self.left:
            raise ValidationError(
                f"“{name}”未处理：本次上传的照片总像素过大（上限 {settings.PHOTO_MAX_PIXELS_PER_SAVE // 1_000_000} 百万像素），"
                "请分几次上传，或先缩小照片。",
                code="too_many_pixels_per_save",
            )
        self.left -= pixels


def _draft(image, edge: int) -> None:
    """Let a JPEG decode at a reduced scale (1/2 … 1/8) that still covers ``edge`` on its long side."""
    if image.format not in ("JPEG", "MPO"):
        return
    factor = max(image.size) / edge
    if factor >= 2:
        image.draft(image.mode, (max(1, int(image.width / factor)), max(1, int(image.height / factor))))


@dataclass
class ProcessedPhoto:
    content: ContentFile
    width: int
    height: int
    original_name: str


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _not_an_image(name: str) -> ValidationError:
    return ValidationError(f"“{name}”不是有效的图片文件，请选择 JPG、PNG 或 WEBP 格式的照片。", code="not_an_image")


def _too_many_pixels(name: str, limit: int | None = None) -> ValidationError:
    limit = limit or settings.PHOTO_MAX_PIXELS
    return ValidationError(
        f"“{name}”的像素尺寸过大（超过 {limit // 1_000_000} 百万像素），可能是异常文件，请换一张照片或先缩小后再上传。",
        code="too_many_pixels",
    )


def process_photo(upload, budget: PixelBudget | None = None) -> ProcessedPhoto:
    """Return the upload as a metadata-free JPEG, or raise ValidationError (Chinese)."""
    name = getattr(upload, "name", "") or "照片"
    budget = budget or PixelBudget()
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            f"“{name}”有 {_megabytes(upload.size)}，超过了 {_megabytes(settings.PHOTO_MAX_BYTES)} 的上限，请压缩后再上传。",
            code="too_big",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on huge images; our own lower limit decides.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise _not_an_image(name)
            if image.width * image.height > settings.PHOTO_MAX_PIXELS:
                raise _too_many_pixels(name)
            _draft(image, settings.PHOTO_MAX_EDGE)
            decoded = image.width * image.height  # after draft: what the decoder will really produce
            if image.format not in ("JPEG", "MPO") and decoded > settings.PHOTO_MAX_FULL_DECODE_PIXELS:
                raise _too_many_pixels(name, settings.PHOTO_MAX_FULL_DECODE_PIXELS)
            budget.spend(decoded, name)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(name) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _not_an_image(name) from exc

    # Honour the camera's orientation tag before the tag is thrown away.
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    edge = settings.PHOTO_MAX_EDGE
    if max(image.size) > edge:
        image.thumbnail((edge, edge), Image.Resampling.LANCZOS)

    # A fresh image carries no info dict at all: no EXIF, GPS, XMP or comments.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPhoto(
        content=ContentFile(out.getvalue(), name="photo.jpg"),
        width=clean.width,
        height=clean.height,
        original_name=name,
    )
