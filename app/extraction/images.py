"""Decode untrusted photo bytes into an upright RGB image sized for OCR.

Photos arrive from WhatsApp users, so the bytes may be truncated, lie about their format, or be a
decompression bomb (a tiny file that expands to gigapixels). The pixel count is checked from the
header before anything is decoded.
"""
from __future__ import annotations

import io
import math
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from app.extraction.types import UnreadableDocument

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "MPO"})  # MPO: multi-picture JPEGs from phone cameras
# 60 MP covers every phone camera and A4 scans at 600 dpi (4961x7016 = 35 MP) with room to spare.
MAX_PIXELS = 60_000_000
MAX_SIDE = 20_000
MIN_SIDE = 8

# OCR works best with text 20-60 px tall: a receipt photo whose long side is 1800-2400 px gets there
# without wasting time on megapixels the recogniser will shrink anyway.
OCR_MAX_LONG_SIDE = 2400
OCR_MAX_PIXELS = 2_000_000
OCR_MIN_SHORT_SIDE = 640


def load_image(data: bytes, *, max_pixels: int = MAX_PIXELS, draft_pixels: int | None = None) -> Image.Image:
    """Decode JPEG/PNG/WebP bytes into an upright RGB image.

    With ``draft_pixels`` a large JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg scales while
    decoding), the smallest that keeps at least that many pixels: a 12 MP phone photo read for
    2 MP of OCR then costs a fraction of a full decode and resize.

    Raises ``UnreadableDocument`` with reason ``unsupported_type`` (not one of those formats),
    ``too_large`` (more than ``max_pixels`` or an absurd side) or ``corrupt`` (cannot be decoded).
    """
    if not data:
        raise UnreadableDocument("corrupt", "empty file")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; our own limit decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise UnreadableDocument("too_large", str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise UnreadableDocument("unsupported_type", "not a recognised image") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableDocument("corrupt", str(exc)) from exc

    if image.format not in ACCEPTED_FORMATS:
        raise UnreadableDocument("unsupported_type", f"image format {image.format}")
    width, height = image.size
    if width * height > max_pixels or max(width, height) > MAX_SIDE:
        raise UnreadableDocument("too_large", f"{width}x{height} pixels")
    if min(width, height) < MIN_SIDE:
        raise UnreadableDocument("corrupt", f"{width}x{height} pixels is too small to hold text")

    if draft_pixels and image.format in ("JPEG", "MPO") and width * height > 4 * draft_pixels:
        keep = (draft_pixels / (width * height)) ** 0.5
        image.draft("RGB", (math.ceil(width * keep), math.ceil(height * keep)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError as exc:
        raise UnreadableDocument("too_large", str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Truncated or damaged pixel data ("image file is truncated", broken Huffman tables...).
        raise UnreadableDocument("corrupt", str(exc)) from exc
    return to_rgb(upright)


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB with transparency flattened onto white (receipts are dark text on light paper)."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale scans: scale to 8 bits instead of clipping everything to white.
        return image.point(lambda value: value / 256).convert("L").convert("RGB")
    return image.convert("RGB")


def normalise_for_ocr(image: Image.Image) -> tuple[Image.Image, float]:
    """Resize so text lands in the size range the OCR models were trained on.

    Returns the image and the scale applied (new / original), so boxes can be mapped back.
    """
    width, height = image.size
    scale = 1.0
    if max(width, height) > OCR_MAX_LONG_SIDE:
        scale = OCR_MAX_LONG_SIDE / max(width, height)
    if width * height * scale * scale > OCR_MAX_PIXELS:
        scale = (OCR_MAX_PIXELS / (width * height)) ** 0.5
    if scale == 1.0 and min(width, height) < OCR_MIN_SHORT_SIDE:
        # Tiny screenshots and thumbnails: upscaling lets the detector see strokes, capped at 3x.
        scale = min(OCR_MIN_SHORT_SIDE / min(width, height), 3.0)
    if abs(scale - 1.0) < 0.02:
        return image, 1.0
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resample = Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC
    return image.resize(size, resample), scale
