"""Checking and cleaning an uploaded photo of a move, with Pillow.

``process_photo`` takes the uploaded bytes and returns a clean WebP picture and a thumbnail,
or raises ``PhotoError`` with a message to show the person. Nothing here touches storage.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
FULL_SIDE = 1600
THUMB_SIDE = 400
CONTENT_TYPE = "image/webp"


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, in plain words."""


@dataclass(frozen=True)
class CleanPhoto:
    full: bytes
    thumb: bytes
    size: tuple[int, int]


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise PhotoError("That photo is larger than 10 MB. Please choose a smaller one.")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoError("That photo is larger than 10 MB. Please choose a smaller one.")
    if not data:
        raise PhotoError("That file is empty.")
    return data


def _webp(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()


def process_photo(upload) -> CleanPhoto:
    """Return the upload as a clean WebP (upright, no metadata, ≤1600 px) and a ≤400 px thumbnail.

    Raises PhotoError unless the content (not the name) is a whole JPEG, PNG or WebP image of at
    most 10 MB and 40 megapixels.
    """
    data = _read(upload)
    unreadable = PhotoError("That file is not a photo we can read. Please upload a JPEG, PNG or WebP image.")
    too_big = PhotoError("That image is too large: at most 40 megapixels, please.")
    with warnings.catch_warnings():
        # Pillow warns, then errors, on images big enough to exhaust memory; refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Opening reads only the header: format and size are known before any decoding.
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise unreadable
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_big
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_big from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            # Not an image, truncated or corrupt: all the same to the person.
            raise unreadable from None
    mode = "RGBA" if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info else "RGB"
    converted = upright.convert(mode)
    # A fresh image from the bare pixels: no EXIF (GPS, camera, dates), XMP or ICC carried over.
    clean = Image.frombytes(mode, converted.size, converted.tobytes())
    clean.thumbnail((FULL_SIDE, FULL_SIDE), Image.Resampling.LANCZOS)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return CleanPhoto(full=_webp(clean, 82), thumb=_webp(thumb, 78), size=clean.size)


def new_photo_name() -> str:
    """Return an unguessable file name (no directory) for a stored photo."""
    return f"{secrets.token_urlsafe(18)}.webp"
