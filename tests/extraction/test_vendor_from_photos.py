"""The vendor of a photographed receipt comes from its header block as the shop prints it: the big brand
line, spelled as its other copies and its web domain agree, and never an item, a price column's
heading, an address or a smudge."""
from __future__ import annotations

from app.extraction.offline import extract_fields
from app.extraction.types import TextDocument, TextLine, Word

# A line of a receipt photo: text, height in pixels (24 is the small print) and the reader's confidence.
Line = tuple[str, float, float] | str


def receipt(*header: Line, items: list[tuple[str, str]] | None = None) -> TextDocument:
    """OCR lines of a 400-pixel-wide receipt: ``header`` lines centred on top, then two priced items
    (the price a separate cell on the item's line, as OCR reads it) and the total."""
    lines: list[TextLine] = []
    top = 10.0

    def add(text: str, left: float, top: float, height: float, confidence: float = 0.95) -> None:
        box = (left, top, left + max(10.0, 0.55 * height * len(text)), top + height)
        lines.append(TextLine(text=text, box=box, confidence=confidence,
                              words=[Word(text=word, box=box, confidence=confidence) for word in text.split()]))

    for line in header:
        text, height, confidence = (line, 24.0, 0.95) if isinstance(line, str) else line
        add(text, max(0.0, 200 - 0.275 * height * len(text)), top, height, confidence)
        top += height + 4
    body = items if items is not None else [("Apfelsaft 1L", "1,69"), ("Vollkornbrot", "2,49"), ("SUMME EUR", "4,18")]
    for label, price in body:
        add(label, 10, top, 24)
        add(price, 330, top, 24)
        top += 28
    return TextDocument(source="ocr", lines=lines, page_sizes=[(400.0, top + 10)])


def vendor(*header: Line) -> str | None:
    return extract_fields(receipt(*header)).vendor


def test_a_brand_printed_letter_spaced_is_one_word():
    assert vendor(("A L D I", 44, 0.9), "Pohlweg 110", "33100 Paderborn") == "ALDI"


def test_a_brand_read_through_the_mirror_print_on_the_back_keeps_its_capitals():
    assert vendor(("AroLrDeI JofteFbnu", 44, 0.7), "Pohlweg 110", "33100 Paderborn") == "ALDI"


def test_greek_look_alike_letters_in_a_latin_name_are_read_as_latin():
    assert vendor(("SΛTURN", 80, 0.9), "Kamp 30-32", "33098 Paderborn") == "SATURN"


def test_a_q_between_two_consonants_is_an_o():
    assert vendor(("RQSSMANN", 60, 0.9), "Mein Drogeriemarkt") == "ROSSMANN"


def test_a_logo_mark_read_as_a_short_code_after_the_name_is_dropped():
    assert vendor(("LIDL 9M", 90, 0.9), "Warburger Straße 130", "33100 Paderborn") == "LIDL"


def test_a_name_and_its_kind_of_business_on_the_next_line_are_one_name():
    assert vendor(("DELPHIN", 50, 0.99), ("APOTHEKE", 50, 0.99), "Detmolder Straße 8", "33102 Paderborn") \
        == "DELPHIN APOTHEKE"


def test_the_big_brand_on_top_beats_its_legal_entity_below():
    assert vendor(("IKEA", 84, 0.9), "IKEA Deu tschl and GmbH & Co. KG", "Südring 7, 33647 Bielefeld") == "IKEA"


def test_a_misread_big_brand_takes_the_spelling_of_the_legal_line():
    assert vendor(("tooml", 150, 0.96), ("Respekt, wer's selber macht.", 60, 0.94), "toom Baum ark t GmbH",
                  "Gruner Weg 41", "33098 Paderborn") == "toom"


def test_the_copy_of_the_brand_printed_again_settles_a_misread_letter():
    name = vendor(("MedaMarkt", 64, 0.97), ("MEDIA MARKT", 28, 0.97), "TV-Hifi-Elektro GmbH Paderborn",
                  "Pohlweg 110", "Kundenbeleg", "MEDIA MARKT")
    assert name == "MEDIA MARKT"


def test_a_name_ocr_split_is_joined_as_its_other_copy_prints_it():
    assert vendor(("Koufland", 33, 0.90), ("Kauf land", 28, 0.95), "Bentelerstraße 4", "33104 Paderborn") \
        == "Kaufland"


def test_the_web_domain_puts_the_spaces_back_where_the_name_has_them():
    name = vendor(("FRISCHE EINKAUFEN / GENUSS ERLEBEN", 28, 0.9), "WUNSCHLOS", "GLÜCKLICH?",
                  ("Mar ktkauf L ehr", 28, 0.98), "Detmolder Str. 4", "33102 Paderborn", "www. marktkauf- lehr. de")
    assert name == "Marktkauf Lehr"


def test_an_item_line_with_its_price_printed_apart_is_never_the_vendor():
    # Whole rupiah prices: no decimals mark where the items begin.
    doc = receipt(items=[("ICE BLACK COFFEE", "82,000"), ("AVOCADO COFFEE", "61,000"), ("TOTAL", "143,000")])
    assert extract_fields(doc).vendor is None


def test_the_heading_of_the_price_column_is_not_a_name():
    assert vendor("DOCUMENTO COMMERCIALE", "DESCRIZIONE", "IVA EURO") is None


def test_text_printed_upright_along_the_edge_is_not_a_name():
    doc = receipt()
    doc.lines.insert(0, TextLine(text="PC GIVEAWAY ON BACK", box=(380, 0, 400, 280), confidence=0.96))
    assert extract_fields(doc).vendor is None


def test_a_blurred_line_with_nothing_else_for_it_is_no_name():
    assert vendor((")6C:1", 50, 0.5), ("uakain!", 60, 0.57)) is None


def test_a_street_line_alone_is_not_a_name():
    assert vendor("Warburger StraBe 130", "33100 Paderborn") is None


def test_a_shop_sign_glued_to_its_kind_of_business_beats_the_company_running_it():
    assert vendor(("U2SUPERMERCATO", 42, 0.93), ("UNESMAXI S.P.A.", 40, 0.94), "VIA VALLAZZE, 87", "MILANO") \
        == "U2 SUPERMERCATO"
