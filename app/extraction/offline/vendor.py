"""Who issued the document: the legal name printed near the top.

Receipts and invoices print the seller first, usually as the legal name (often with a company
suffix such as SDN BHD, GmbH, Ltd, SARL, B.V.), sometimes under a brand or owner line, and followed
by a registration number, the address and phone numbers. Each of the first rows is scored on
those signals; headings ("TAX INVOICE"), addresses, phones and identifiers are never names.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from app.extraction.offline import brand, names
from app.extraction.offline.business_words import COMPANY_SUFFIX, SHOP_WORD, describes
from app.extraction.offline.country import has_postcode
from app.extraction.offline.labels import (
    BUYER_LABEL,
    DUE_DATE_LABEL,
    INVOICE_NUMBER_LABEL,
    ISSUE_DATE_LABEL,
    SELLER_LABEL,
    TAX_IDENTIFIER,
    TITLE_WORD,
    Kind,
    classify,
    is_column_name,
    is_table_heading,
)
from app.extraction.offline.name_repair import repair_name
from app.extraction.offline.names import ADDRESS, CONTACT, HEADING, LEGAL_FORM, bracket_continued, clean_name
from app.extraction.offline.rows import Row, fold
from app.extraction.offline.seller import (
    drop_title,
    footer_sellers,
    is_bank,
    is_section_heading,
    labelled_seller,
    name_above_in_block,
    names_a_tool,
    same_business,
)

# How many rows from the top may hold the seller's name.
SEARCH_ROWS = 12

# A registration number printed right under the name: "(123456-X)", "Co. Reg. No", "Company No".
REGISTRATION = re.compile(
    r"^\(?\s*(?:co\.?\s*)?(?:reg|registration|company|roc|co)?\.?\s*(?:no\.?)?\s*:?\s*\(?[a-z]{0,3}\d{4,}[\s-]*[a-z]{0,2}\)?\s*$"
    r"|\(\s*\d{4,}\s*-\s*[a-z]\s*\)|co\.?\s*reg|company\s*(?:no|reg)|registration\s*no|handelsregister|hrb|siren|siret|kvk|cnpj|nif|cif",
)
IDENTIFIER = re.compile(
    r"(?<![a-z])(?:gst|sst|vat|tax|tin|uen|abn|ust|mwst|tva|btw|iva|nif|cif|siret|siren|kvk|cnpj|cpf|steuer)(?![a-z])"
    r".{0,20}\d|date|time|cashier|counter|invoice\s*no|receipt\s*no|doc\s*no|table|server|terminal"
    r"|(?:company|co\.?|reg\.?|registration|business)\s*(?:no|number|reg)"
)
# "Store #0217", "Till 2", "Filiale 112": a label and its number, not a name.
NUMBERED_LABEL = re.compile(r"^\W*[a-z]+\.?\s*(?:#|no\.?|nr\.?|n[°o]\.?)?\s*:?\s*\d+\W*$")
# Web and e-mail domains: "accounts@thornburyjoinery.co.uk", "www.holz-kraemer.de".
DOMAIN = re.compile(r"(?:@|www\.|https?://)([a-z0-9][a-z0-9-]{2,})\.", re.IGNORECASE)
# "Owned by", "operated by": the trade name is above, the owning company below.
OWNERSHIP = re.compile(r"(?:owned|operated|managed|run)\s*by|a\s*(?:division|member|subsidiary)\s*of|betrieben\s*von"
                       # "Inh. Maria Huber e.K.", "di Rossi Gino & C.", "Prop. J. Smith": the owner's line.
                       r"|^\W*(?:inh\.|inhaber(?:in)?|di|prop\.|proprietor|proprietario|titolare|gerant|eigenaar)\s")


@dataclass
class VendorGuess:
    name: str
    confidence: float


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _only_suffix(folded: str) -> bool:
    """True for a line that only finishes a name: "SDN BHD", "CO. (M) SDN BHD", "RESTAURANT GMBH"."""
    rest = COMPANY_SUFFIX.sub(" ", clean_name(folded).lower())
    rest = re.sub(r"\(\s*\w{1,3}\s*\)", " ", rest)
    words = [word for word in re.split(r"[\s.,&()]+", rest) if word]
    return not words and COMPANY_SUFFIX.search(folded) is not None


def _is_candidate(row: Row) -> bool:
    text = row.folded.strip()
    name = clean_name(text)
    if _letters(name) < 3 or _letters(name) < 0.5 * len(name.replace(" ", "")):
        return False
    # Judge the line without a bracketed registration number: "ACME SDN BHD (Co. No: 1234-X)".
    if HEADING.match(name.replace(" ", "")) or IDENTIFIER.search(name) or OWNERSHIP.search(name) \
            or names.INSTRUCTION.match(name):
        return False
    # A web name is a company name when it carries a legal form: "ECOSWAY.COM SDN BHD".
    if CONTACT.search(name) and (not COMPANY_SUFFIX.search(name) or re.search(r"@|www|tel|fax|\+\d|\d{3}", name)):
        return False
    words = re.findall(r"[a-z]+|&", name)
    if words and all(TITLE_WORD.fullmatch(word) for word in words):
        return False  # a document title: "Invoice Summary", "PAYMENT RECEIPT", "Retail Invoice/Bill"
    if NUMBERED_LABEL.match(name) or is_table_heading(name) or is_column_name(name):
        return False
    if row.amounts and any(a.has_decimals for a in row.amounts):
        return False
    # "Número da fatura", "Date d'échéance", "Bill to": field labels are not names.
    if is_section_heading(row.folded) or BUYER_LABEL.match(name.replace(" ", "")):
        return False  # "Hotel Details"; "Af leveradres", a label the text layer split
    if INVOICE_NUMBER_LABEL.search(name) or DUE_DATE_LABEL.search(name) or BUYER_LABEL.match(name) or (
            ISSUE_DATE_LABEL.search(name) and len(name.split()) <= 3):
        return False
    # "Pay By: CASH", "Length of stay: 2 h", "Nummer :": label lines, with or without their value, are not names.
    if row.folded.rstrip().endswith(":") or row.folded.lstrip().startswith(":"):
        return False
    return not re.search(r"[a-z]\s*:\s*\w", name)


def _is_money_label(row: Row) -> bool:
    return classify(row.label) in (Kind.GRAND_TOTAL, Kind.TOTAL, Kind.SUBTOTAL) and not COMPANY_SUFFIX.search(row.folded)


def _is_address(row: Row) -> bool:
    return has_postcode(row.text) or (ADDRESS.search(row.folded) is not None and re.search(r"\d", row.folded) is not None)


def _compact(text: str) -> str:
    """Letters and digits only, umlauts spelled out as domains spell them ("Krämer" -> "kraemer")."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _matches_domain(name: str, domains: set[str]) -> bool:
    """A domain like "thornburyjoinery" or "holz-kraemer" spells the name, or a word of it."""
    compact = _compact(name)
    folded_compact = re.sub(r"[^a-z0-9]", "", fold(name.lower()))
    for domain in domains:
        parts = [part for part in domain.split("-") if len(part) >= 4]
        joined = domain.replace("-", "")
        if len(joined) >= 5 and (joined in compact or joined in folded_compact):
            return True
        if parts and all(part in compact or part in folded_compact for part in parts):
            return True
        words = [w for w in re.findall(r"[a-z0-9]+", fold(name.lower())) if len(w) >= 4]
        if len(words) >= 2 and "".join(words[:2]) in joined:
            return True
        if len(joined) >= 6 and brand.one_slip_apart(folded_compact, joined):
            return True  # "NIMARKT" (a logo OCR slipped on) with www.unimarkt.at
    return False


def _overlaps_horizontally(a: Row, b: Row) -> bool:
    return min(a.box[2], b.box[2]) - max(a.box[0], b.box[0]) > 0


def buyer_rows(rows: list[Row]) -> set[int]:
    """Indices of the rows in the buyer's block: after a "Bill to" / "Rechnungsempfänger" / "Client"
    heading, the rest of its line and the lines under it in the same column."""
    found: set[int] = set()
    for position, row in enumerate(rows):
        match = BUYER_LABEL.match(row.folded)
        if not match and not BUYER_LABEL.fullmatch(row.folded.replace(" ", "")):
            continue  # ("Af leveradres": a heading whose letters the text layer set apart counts too)
        if match and row.folded[match.end():].strip():
            found.add(row.index)
        previous = row
        for other in rows[position + 1: position + 12]:
            if other.page != row.page or other.box[1] < row.box[1] or not _overlaps_horizontally(row, other):
                continue
            # The block ends at a blank gap or after four lines (name, attention, street, city).
            if other.box[1] - previous.box[3] > 1.5 * max(previous.height, 1.0) or (
                    previous is not row and len([i for i in found if i > row.index]) >= 4):
                break
            found.add(other.index)
            previous = other
    return found


def seller_block_rows(rows: list[Row]) -> set[int]:
    """Indices of the few lines under a "Seller:" / "Verkäufer:" heading, in its column."""
    found: set[int] = set()
    for position, row in enumerate(rows):
        if SELLER_LABEL.match(row.folded):
            below = [other for other in rows[position + 1: position + 10]
                     if other.page == row.page and other.box[1] >= row.box[1] and _overlaps_horizontally(row, other)]
            # Supplier numbers and global ids may come first: "Nummer : 549910", "GLN ...".
            found.update(other.index for other in below[:6])
    return found


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


def _repeated_with_identifiers(name: str, position: int, rows: list[Row]) -> bool:
    """The seller's name printed again lower down, in the footer or next to a VAT id or IBAN: the
    buyer's name is never printed there (an e-mail address containing it does not count)."""
    key = _words(name)
    if len(key.strip()) < 4:
        return False
    page_bottom = max((row.box[3] for row in rows if row.page == rows[0].page), default=0.0)
    for row in rows[position + 1:]:
        in_footer = row.page == rows[0].page and page_bottom > 0 and row.box[1] > 0.75 * page_bottom
        if key in _words(row.text) and (in_footer or TAX_IDENTIFIER.search(row.folded)):
            return True
    return False


def body_start(rows: list[Row]) -> tuple[int, float] | None:
    """(page, top) of the first row of the document's body: an item table's column headings, a
    money label, or an amount of money. ``rows`` are the merged rows, where a table row is one row."""
    for row in rows:
        if is_table_heading(row.folded) or _is_money_label(row) or any(
                a.has_decimals for a in row.amounts if not row.dates):
            return row.page, row.box[1]
    return None


# Column headings of a receipt's price column: "IVA EURO", "EUR", "MwSt".
_COLUMN_WORDS = re.compile(r"^\W*(?:(?:iva|eur|euro|mwst|ust|vat|tva|btw|tax|descrizione|importo|prezzo|betrag)\W*)+$")


def _priced(row: Row, page: list[Row]) -> bool:
    """An item line: a price printed apart on the same line, to its right ("ICE BLACK COFFEE   82,000")."""
    for other in page:
        overlap = min(row.box[3], other.box[3]) - max(row.box[1], other.box[1])
        if other is not row and other.box[0] > row.box[2] and overlap >= 0.6 * min(row.height, other.height) > 0 \
                and other.amounts and _letters(other.text) <= 3:
            return True
    return False


def _brand_over(top: list[Row], row: Row, name: str, typical_height: float, page: list[Row]) -> str | None:
    """The name the header gives for the chosen ``row``: the big brand line above it when the chosen
    line is its legal entity or repeats its word ("IKEA" over "IKEA Deutschland GmbH & Co. KG"), with
    the spelling its copies and the web domain agree on; None for an address."""
    first = next((other for other in top if _is_candidate(other)), None)
    if first is not None and first is not row and first.box[1] < row.box[1] and not _is_address(first) \
            and first.height >= 1.3 * max(row.height, typical_height) and not LEGAL_FORM.search(first.folded):
        brand_name = clean_name(first.text)
        in_line = brand.word_in(brand_name, row.text)
        copy = brand.other_copy(first, top)
        # "ELKEN" / "SERVICE" over "ELKEN SERVICE SDN BHD": the legal name itself printed big, not a brand.
        after = top[top.index(first) + 1] if top.index(first) + 1 < len(top) else first
        spelled_out = brand.compact(row.text).startswith(brand.compact(first.text + after.text))
        if len(brand_name.split()) <= 3 and not spelled_out and (in_line or copy is not None or any(
                brand.word_in(brand_name, other.text) for other in page if other is not first)):
            row, name = first, (in_line or brand_name)
    sign = brand.glued_kind(clean_name(first.text), SHOP_WORD) if first is not None else None
    if sign and first is not None and row in top and top.index(row) == top.index(first) + 1 \
            and LEGAL_FORM.search(row.folded) and not LEGAL_FORM.search(first.folded):
        row, name = first, sign  # "U2SUPERMERCATO" over "UNES MAXI S.P.A.": the shop's sign over its company
    copy = brand.other_copy(row, top)
    if copy is not None:
        better, repeated = brand.better_copy(row, copy, page)
        name = clean_name(better.text)
        if not repeated:
            name = brand.as_one_word(name, clean_name((copy if better is row else row).text))
    if (has_postcode(name) or (ADDRESS.search(fold(name)) and re.search(r"\d", name))) \
            and not COMPANY_SUFFIX.search(fold(name)):
        return None  # a street or a town: the name was not printed (or not read)
    domains = brand.domains(page)
    return brand.respell_by_copy(brand.respell_by_domain(name, domains), row, page, domains)


def find_vendor(rows: list[Row], body: tuple[int, float] | None = None) -> VendorGuess | None:
    """The seller's name among ``rows`` (text blocks read apart); ``body`` from ``body_start`` of the
    merged rows marks where the header block ends (names below it are items, departments, labels)."""
    first_page = [row for row in rows if row.page == rows[0].page] if rows else []
    buyers = buyer_rows(first_page[:SEARCH_ROWS + 12])
    sellers = seller_block_rows(first_page[:SEARCH_ROWS + 12])
    top = [row for row in first_page[:SEARCH_ROWS + len(buyers) + len(sellers)]
           if row.index not in buyers][:SEARCH_ROWS + len(sellers)]
    if not top:
        return None
    # Names come before their address: a line after a street-and-number line is usually the city.
    first_address = next((i for i, row in enumerate(top) if _is_address(row)
                          and not COMPANY_SUFFIX.search(row.folded)), None)
    body = body or body_start(first_page)
    page_bottom = max((row.box[3] for row in first_page), default=0.0)
    domains = {match.lower() for row in first_page for match in DOMAIN.findall(row.text)} | brand.domains(first_page)
    heights = [row.height for row in top if row.height > 0]
    typical_height = statistics.median(heights) if heights else 0.0

    best: tuple[float, int, str] | None = None
    for position, row in enumerate(top):
        if not _is_candidate(row):
            continue
        name = clean_name(row.text)
        in_footer = page_bottom > 0 and row.box[1] > 0.75 * page_bottom
        if row.height > 2 * (row.box[2] - row.box[0]) or _COLUMN_WORDS.match(row.folded) or _priced(row, first_page):
            continue  # text printed upright along the edge ("GIVEAWAY ON BACK"); "IVA EURO" heading a price column
        if _letters(name) < 3 or (in_footer and (is_bank(name) or names_a_tool(row, top[position - 1] if position else None))):
            continue  # ("Deutsche Bank AG" in the seller's footer is where it banks; "Powered by …" made the PDF)
        folded = row.folded
        following = top[position + 1] if position + 1 < len(top) else None
        if following is not None and following.text.lstrip().startswith(":") \
                and abs(following.box[1] - row.box[1]) < max(row.height, 1.0) / 2:
            continue  # "Nummer" | ": 549910": a label whose value the text layer printed apart
        score = 1.0 - 0.12 * position
        if following is not None and _is_candidate(following) and names.misread_copy(name, following.folded):
            score -= 1.0  # "SERSU" (a logo) over "Geprek Bensu Kopo Bandung": the line below says it right
        has_suffix = bool(COMPANY_SUFFIX.search(folded))
        if LEGAL_FORM.search(folded):
            score += 2.0
        elif has_suffix and not describes(row):
            score += 1.25
        if len(folded.split()) == 1 and describes(row) and following is not None and _is_candidate(following):
            score -= 1.5  # "RESTAURANT" over "REUBEN'S DELI": the kind of business, its name below
        if following is not None and describes(following) and not has_suffix:
            score += 1.0  # "CASA PEPE" over "Restaurante - Tapas": the kind of business names the line above
            if SHOP_WORD.fullmatch(following.folded.strip()) and _overlaps_horizontally(row, following):
                name = clean_name(row.text + " " + following.text)  # "DELPHIN" / "APOTHEKE": one name on two lines
        # A name on two lines ("TEO HENG STATIONERY &" / "BOOKS") is judged by what follows it whole.
        continues = following is not None and _is_candidate(following) and re.search(
            r"(?:&|\band|\bund|\bet)\s*$", folded) is not None
        after = top[position + 2] if continues and position + 2 < len(top) else following
        if after is not None and REGISTRATION.search(after.folded):
            score += 1.5
        if position and re.search(r"(?:&|\band|\bund|\bet)\s*$", top[position - 1].folded):
            score -= 1.0  # the tail of the name above
        if REGISTRATION.search(folded) and re.search(r"\(\s*[a-z]{0,3}\d{4,}", folded):
            score += 1.0  # name and registration number on one line
        # Below the header block only a legal name printed in the footer is still the seller's.
        if body is not None and row.page == body[0] and row.box[1] >= body[1] - 0.5 and not (in_footer and has_suffix):
            score -= 2.5
        if has_postcode(row.text):
            score -= 2.0
        elif ADDRESS.search(folded):
            # A street word without any number is as often part of a name ("Plaza Hotel").
            score -= (1.5 if re.search(r"\d", folded) else 0.75) if not has_suffix else 0.5
        elif first_address is not None and position > first_address and not has_suffix \
                and _overlaps_horizontally(row, top[first_address]):
            score -= 0.75
        if row.index in sellers:
            score += 3.0
        if _repeated_with_identifiers(name, row.index, rows):
            score += 2.0
        if following is not None and OWNERSHIP.search(following.folded):
            score += 2.5
        if any(OWNERSHIP.search(above.folded) for above in top[:position]):
            score -= 2.5
        if domains and _matches_domain(name, domains):
            score += 2.0  # the name the seller's own web or e-mail domain spells
        if typical_height and row.height > 1.3 * typical_height:
            score += 0.5  # printed bigger than the rest
        if row.confidence < 0.6:
            score -= 0.5
        # A name split over two lines: "LIAN CHI VEGETARIAN" / "RESTAURANT SDN BHD", or
        # "TEO HENG STATIONERY" / "& BOOKS".
        if position and _only_suffix(folded):
            previous = top[position - 1]
            if _is_candidate(previous) and not ADDRESS.search(previous.folded):
                name = clean_name(previous.text + " " + row.text)
                score += 0.5
        elif position and (whole := bracket_continued([r.text for r in top[max(0, position - 2):position]], row.text,
                                                      COMPANY_SUFFIX)):
            name = clean_name(whole)
        # ... or "TEO HENG STATIONERY &" / "BOOKS": a name whose line ends on a conjunction goes on.
        if following is not None and _is_candidate(following) and (
                re.match(r"\s*(?:&|and\b|und\b|et\b|y\b|e\b)", following.folded)
                or re.search(r"(?:&|\band|\bund|\bet)\s*$", folded)):
            name = clean_name(row.text.rstrip() + " " + following.text) if re.search(r"&\s*$", row.text) \
                else clean_name(name + " " + following.text)
        if best is None or score > best[0]:
            in_block = row.index in sellers  # (judged above as printed on its own line)
            best = (score, position, name_above_in_block(top, position, name, _is_candidate, LEGAL_FORM) if in_block else name)
    # The seller named after its label ("Sold by:", "From:") is the seller, unless another header
    # line names the same business; a legal name in the footer beats a header with weaker evidence.
    labelled = labelled_seller(first_page, _is_candidate)
    if labelled is not None and (best is None or top[best[1]].index == labelled.row
                                 or not same_business(best[2], labelled.name)):
        best = (max(labelled.score, best[0] if best else 0.0), -1, labelled.name)
    footer = max(footer_sellers(first_page, _is_candidate, LEGAL_FORM), key=lambda line: line.score, default=None)
    if footer is not None and (best is None or footer.score > best[0]):
        best = (footer.score, -1, footer.name)
    if best is None:
        return None
    if best[1] >= 0 and top[best[1]].confidence < 0.6 and best[0] < 1.0:
        return None  # a blurred line with nothing else for it is as likely a smudge as a name
    if best[1] >= 0 and top[best[1]].index not in sellers:
        chosen = _brand_over(top, top[best[1]], best[2], typical_height, first_page)
        if chosen is None:
            return None
        best = (best[0], best[1], chosen)
    score = best[0]
    confidence = 0.9 if score >= 2.5 else 0.7 if score >= 1.0 else 0.5
    below = [row.text for row in top[best[1] + 1: best[1] + 5]] if best[1] >= 0 else []
    return VendorGuess(repair_name(drop_title(best[2]), below), confidence)
