"""Where invoices print their seller besides the top line: after a "Sold by" / "From" label, and
in the footer's legal block ("NETPRESSE" over "Siège social … Sarl au capital …", "Free SAS au
capital de …", "Oravel Stays Private Limited" over "Registered Office: …").

The top of an invoice often holds the buyer's window address, a document title or a brand line;
the footer is where the law makes the seller print its legal name, registration and capital. These
candidates are weighed against the header's in ``vendor.find_vendor``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.extraction.offline.labels import classify
from app.extraction.offline.rows import Row, fold

# "Sold By : WS Retail Services Pvt. Ltd.,", "FROM: Company ABC", "Verkäufer: Holz GmbH": the
# seller named on the label's own line.
SELLER_ON_LINE = re.compile(
    r"^\W*(?:(?:seller|supplier|vendor|from|verkaufer|lieferant|rechnungssteller|vendeur|fournisseur|emetteur|"
    r"vendedor|proveedor|emisor|fornecedor|prestador|leverancier|verkoper)\s*:"
    # Phrases need no colon: "Verkauft von Amazon EU S.à r.l.", "Vendu par …".
    r"|(?:sold|issued|billed)\s+by\s*:?|verkauft\s+von\s*:?|vendu\s+par\s*:?|vendido\s+por\s*:?|"
    r"venduto\s+da\s*:?|verkocht\s+door\s*:?)\s*(?=\S)"
)
# Lines of the seller's legal block: registration, share capital, registered office, managers.
LEGAL_LINE = re.compile(
    r"(?<![a-z])(?:siege\s*social|au\s*capital|capital\s*social|capital\s*de|rcs|siret|siren|"
    r"registered\s*(?:office|in|address)|regd\.?\s*office|company\s*(?:reg|no|number)|"
    r"handelsregister|registergericht|amtsgericht|hrb|hra|geschaftsfuhrer|geschaftsfuhrung|vorstand|"
    r"kvk|cin|ust-?id|registro\s*mercantil|capital\s*social|inscrita|nipc|cnpj)(?![a-z])"
)
# Where the legal name ends on a legal line: "Free SAS au capital de 3.441.812 Euros - B 421 …" (any dash).
_NAME_END = re.compile(
    r"\s+(?:au\s+capital|with\s+(?:a\s+)?(?:share\s+)?capital|capital\s+social|mit\s+sitz|sitz:?|"
    r"siege\s+social|registered\s+(?:office|in)|rcs|siret|siren)\b.*$|\s*[,;]\s*(?:rcs|siret|siren)\b.*$"
)
# Banks print their own legal form in the seller's footer ("Deutsche Bank AG"): never the seller.
_BANK = re.compile(r"(?<![a-z])(?:bank|banque|banco|sparkasse|volksbank|raiffeisen|caisse|credit|iban|bic|swift)"
                   r"|bank(?![a-z])")
# The software or payment service that made the document names itself in the footer too.
_TOOL = re.compile(r"(?:powered|generated|created|processed|produced|made)\s*(?:by|with)|erstellt\s*(?:mit|von)|"
                   r"realise\s*(?:avec|par)|genere\s*par")
_SEPARATORS = re.compile(r"\s+[-\u2013\u2014\u2212|•·●]\s+|\s*[|•·●]\s*")


# "Sold by: BD1187 MUHAMMAD SHAFIK": on a till receipt "sold by" names the salesperson by a staff
# number (a few letters and three or more digits) before the name, never a business.
_STAFF_CODE = re.compile(r"\W*[A-Za-z]{0,4}\d{3,}\b")


@dataclass
class SellerLine:
    name: str
    score: float
    row: int


def names_a_tool(row: Row, above: Row | None) -> bool:
    """ "Powered by" / "Fatturify Software S.r.l.": the maker of the document, not its seller."""
    return _TOOL.search(row.folded) is not None or (above is not None and _TOOL.search(above.folded) is not None)


def is_bank(name: str) -> bool:
    return _BANK.search(fold(name)) is not None


def labelled_seller(rows: list[Row], is_name: Callable[[Row], bool]) -> SellerLine | None:
    """The name after a seller label on the same line, among the first rows of the first page
    ("From: Amazon.de <auto-confirm@amazon.de>" names Amazon.de; "From: 01/03" names no one)."""
    for row in rows[:30]:
        match = SELLER_ON_LINE.match(row.folded)
        if match is None:
            continue
        rest = re.sub(r"<[^>]*>?", "", row.text[match.end():])
        name = _SEPARATORS.split(rest.strip())[0].strip(" ,;:.-")
        probe = Row(row.index, name, row.page, row.box, row.confidence, folded=fold(name))
        if sum(ch.isalpha() for ch in name) >= 3 and not re.match(r"\W*\d", name) and not _STAFF_CODE.match(name) \
                and is_name(probe):
            return SellerLine(name, 3.5, row.index)
    return None


def legal_name(text: str) -> str:
    """The name at the head of a legal line: separators and "au capital de …" cut off."""
    head = _SEPARATORS.split(text.strip())[0]
    folded = fold(head)
    end = _NAME_END.search(folded)
    if end is not None:
        head = head[: end.start()]
    return head.strip(" ,;:.-\u2013\u2014\u2212")


def footer_sellers(rows: list[Row], is_name: Callable[[Row], bool], legal_form: re.Pattern[str]) -> list[SellerLine]:
    """Names in the footer of the first page: a line with a legal form, or a name line over a legal
    line ("NETPRESSE" / "Siège social : …"). ``is_name`` and ``legal_form`` are the header's judge
    of a line and its legal-form pattern (``vendor``), passed in to keep one rule for both."""
    first_page = [row for row in rows if row.page == rows[0].page] if rows else []
    if len(first_page) < 8:
        return []
    bottom = max(row.box[3] for row in first_page)
    top = min(row.box[1] for row in first_page)
    footer = [row for row in first_page if row.box[1] > top + 0.7 * (bottom - top)]
    found: list[SellerLine] = []
    for position, row in enumerate(footer):
        if names_a_tool(row, footer[position - 1] if position else None) or classify(row.label) is not None \
                or any(amount.has_decimals for amount in row.amounts) or row.folded.rstrip().endswith(":"):
            continue  # "Total Inc. GST 6%: 758.70": a money line or a label, whatever legal form it seems to spell
        name = legal_name(row.text)
        if sum(ch.isalpha() for ch in name) < 3 or is_bank(name) or len(name.split()) > 6:
            continue
        probe = Row(row.index, name, row.page, row.box, row.confidence, folded=fold(name))
        if not is_name(probe) or sum(ch.isalpha() for ch in legal_form.sub("", probe.folded)) < 3:
            continue  # "Sarl au capital de 10 000 €": a legal form alone names no one
        below = [other for other in footer[position + 1: position + 3]
                 if other.box[1] - row.box[3] < 2.5 * max(row.height, 1.0)]
        score = 0.0
        if legal_form.search(probe.folded):
            score += 2.0
        if LEGAL_LINE.search(fold(row.text)) or any(LEGAL_LINE.search(other.folded) for other in below):
            score += 1.5
        if score:
            found.append(SellerLine(name, score, row.index))
    return found


def name_above_in_block(block: list[Row], position: int, name: str, is_name: Callable[[Row], bool],
                        legal_form: re.Pattern[str]) -> str:
    """A legal name under a seller heading that began on the line above ("MVM Musterhafter" /
    "Versicherungsverein Musterstadt a.G."): that line, right above, in the block, a name without a
    legal form of its own and no word of this one (else it is a brand over its company), goes first."""
    row = block[position]
    if position == 0 or not legal_form.search(row.folded):
        return name
    above = block[position - 1]
    close = 0 <= row.box[1] - above.box[3] < max(row.height, 1.0) and above.page == row.page
    if close and is_name(above) and not legal_form.search(above.folded) and not same_business(above.text, name):
        return f"{above.text.strip()} {name}"
    return name


def same_business(a: str, b: str) -> bool:
    """Whether two names share a word of four letters or more ("Coolblue" and "Coolblue B.V.")."""
    words = set(re.findall(r"[a-z0-9]{4,}", fold(a)))
    return any(word in words for word in re.findall(r"[a-z0-9]{4,}", fold(b)))


# A document title printed on the name's own line: "Amazon Web Services Invoice".
_TRAILING_TITLE = re.compile(r"(?i)\s+(?:tax\s+)?(?:invoice|receipt|rechnung|facture|factura|fatura|factuur|fattura|"
                             r"quittung|recibo|bill)\W*$")
# Section headings of a form: "Hotel Details", "Billing information", "Customer address".
_SECTION_HEADING = re.compile(r"(?<![a-z])(?:details|information|info|particulars|address|adresse|summary)\W*$"
                              # A payment stamp: "Zahlung erhalten", "PAID", "Payé".
                              r"|^\W*(?:payment\s*received|paid|zahlung\s*erhalten|bezahlt|paye|pagado|pago\s*recibido|"
                              r"betaald|pago)\W*$")


def drop_title(name: str) -> str:
    rest = _TRAILING_TITLE.sub("", name)
    return rest if sum(ch.isalpha() for ch in rest) >= 3 else name


def is_section_heading(folded: str) -> bool:
    """A form's section heading, or a footnote ("*Keep this invoice and"): neither names anyone.
    (A name set between stars, "*** MYDIN ***", is a receipt's banner, not a footnote.)"""
    footnote = re.match(r"\s*\*(?!\*)", folded) is not None and not folded.rstrip().endswith("*")
    return footnote or _SECTION_HEADING.search(folded) is not None
