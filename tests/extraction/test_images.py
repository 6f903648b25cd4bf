"""Untrusted image bytes: formats, orientation, bombs and broken files."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from app.extraction.images import load_image, normalise_for_ocr
from app.extraction.types import UnreadableDocument


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_load_image_decodes_supported_formats_to_rgb(fmt):
    image = load_image(encode(Image.new("RGB", (120, 80), "white"), fmt))
    assert image.mode == "RGB" and image.size == (120, 80)


def test_load_image_applies_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: viewers rotate 90 degrees clockwise
    data = encode(Image.new("RGB", (200, 100), "white"), "JPEG", exif=exif)
    assert load_image(data).size == (100, 200)


def test_a_large_jpeg_is_decoded_at_the_smallest_scale_that_keeps_the_pixels_ocr_needs():
    data = encode(Image.new("RGB", (4000, 3000), "white"), "JPEG")
    assert load_image(data, draft_pixels=700_000).size == (1000, 750)  # 1/4: 0.75 MP, enough
    assert load_image(data, draft_pixels=1_000_000).size == (2000, 1500)  # 1/2: 1/4 would be too few
    assert load_image(data).size == (4000, 3000)


def test_draft_decoding_keeps_the_exif_orientation_and_leaves_other_formats_whole():
    exif = Image.Exif()
    exif[0x0112] = 6
    jpeg = encode(Image.new("RGB", (4000, 2000), "white"), "JPEG", exif=exif)
    assert load_image(jpeg, draft_pixels=500_000).size == (500, 1000)
    png = encode(Image.new("RGB", (4000, 2000), "white"), "PNG")
    assert load_image(png, draft_pixels=500_000).size == (4000, 2000)


def test_load_image_flattens_transparency_onto_white():
    data = encode(Image.new("RGBA", (50, 50), (0, 0, 0, 0)), "PNG")
    assert load_image(data).getpixel((10, 10)) == (255, 255, 255)


def test_load_image_rejects_decompression_bomb_before_decoding():
    bomb = encode(Image.new("1", (10_000, 10_000)), "PNG")
    assert len(bomb) < 100_000
    with pytest.raises(UnreadableDocument) as error:
        load_image(bomb)
    assert error.value.reason == "too_large"


def test_load_image_rejects_truncated_file_as_corrupt():
    data = encode(Image.effect_noise((400, 400), 50).convert("RGB"), "JPEG")
    with pytest.raises(UnreadableDocument) as error:
        load_image(data[: len(data) // 3])
    assert error.value.reason == "corrupt"


def test_load_image_rejects_random_bytes_as_unsupported():
    with pytest.raises(UnreadableDocument) as error:
        load_image(b"%PDF-1.7 not an image at all" * 10)
    assert error.value.reason == "unsupported_type"


def test_load_image_rejects_empty_bytes():
    with pytest.raises(UnreadableDocument) as error:
        load_image(b"")
    assert error.value.reason == "corrupt"


def test_load_image_rejects_formats_outside_the_allowed_list():
    with pytest.raises(UnreadableDocument) as error:
        load_image(encode(Image.new("RGB", (40, 40)), "BMP"))
    assert error.value.reason == "unsupported_type"


def test_normalise_for_ocr_downscales_huge_photos():
    resized, scale = normalise_for_ocr(Image.new("RGB", (4000, 6000), "white"))
    assert max(resized.size) <= 2400 and scale < 1


def test_normalise_for_ocr_upscales_tiny_images():
    resized, scale = normalise_for_ocr(Image.new("RGB", (300, 500), "white"))
    assert min(resized.size) >= 600 and scale > 1


def test_normalise_for_ocr_leaves_ordinary_sizes_alone():
    image = Image.new("RGB", (1000, 1600), "white")
    assert normalise_for_ocr(image) == (image, 1.0)
