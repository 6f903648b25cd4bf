"""A seller's name as printed, cleaned of what OCR and layouts glue to it: a registration number on the same
line, the address after a separator, a branch code after the legal form, zeros read for the letter O.

The patterns for legal forms, addresses and contact lines live here too: they say where a name ends.
"""
from __future__ import annotations

import itertools
import re

from rapidfuzz.distance import OSA

from app.extraction.offline.rows import fold

LEGAL_FORM = re.compile(
    r"(?<![a-z0-9])(?:sdn\.?\s*bhd|bhd|berhad|gmbh|mbh|ag|kg|ohg|ug|e\.\s?k|e\.\s?u|ltd|limited|llc|llp|inc|incorporated|"
    r"corp|corporation|plc|pty|pte|co\.|company|s\.?\s?a\.?\s?r\.?\s?l|sarl|s\.?\s?a\.?\s?s|sas|s\.a|s\.l|sl|s\.?r\.?l|"
    r"spa|s\.p\.a|s\.?a\.?c|b\.?\s?v|n\.?\s?v|ltda|lda|unipessoal|eireli|me(?=\W*$)|s/a|s\.?l\.?u|eurl|sasu|"
    r"v\.?o\.?f|e\.?\s?k|gbr|aps|a/s|oy|oyj|kft|zrt|s\.?r\.?o|sp\.?\s*z\s*o\.?\s*o|snc|s\.?n\.?c|"
    r"cia|snd\s*bhd|sdn|(?:as|ab|bt|a\.s|a\.\s?g)(?=\W*$))(?![a-z])"
)
ADDRESS = re.compile(
    r"(?<![a-z])(?:jalan|jln|lorong|taman|tmn|lot|no\.?\s*\d|\d+\s*,|road|rd\.?|street|st\.|avenue|ave\.?|blvd|lane|"
    r"floor|level|suite|unit|building|bldg|block|blok|strasse|str\.|weg|stra(?:ss|b)e|platz|allee|rue|avenue|bd|chemin|calle|avda|plaza|"
    r"rua|avenida|travessa|straat|laan|plein|kampung|kg\.|bandar|selangor|kuala|johor|malaysia|p\.?o\.?\s*box)(?![a-z])"
    r"|#\s?\d|\b\d{5}\b|\b[a-z]{1,2}\d{1,2}\s*\d[a-z]{2}\b|\b\d{4}\s?[a-z]{2}\b"
)
CONTACT = re.compile(
    r"(?<![a-z])(?:tel|telp|phone|fax|mobile|hp|whatsapp|email|e-mail|www|http|website)(?![a-z])|@|\.com|\.my|\.de|\+\d"
    r"|\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}"
)


# A line that is a document's title or how the order was served, never the seller's name.
HEADING = re.compile(
    r"^\W*(?:(?:simplified\s*)?(?:full\s*)?tax\s*invoice|invoice|receipt|official\s*receipt|cash\s*(?:sale|bill|receipt)s?|"
    r"sales?\s*receipt|bill|copy|original|duplicate|reprint|welcome(?:\s*to)?|rechnung|quittung|kassenbon|beleg|"
    r"facture|ticket|recu|recibo|factura(?:\s*simplificada)?|fatura|nota\s*fiscal|factuur|kassabon|bon|"
    r"customer\s*copy|merchant\s*copy|thank\s*you|order|checkout|table\s*\d*|check|invois|resit|"
    # How the order was served, not who served it: "À emporter", "* VENTE *", "Take away", "Zum Mitnehmen".
    r"vente|a\s*emporter|emporter|sur\s*place|take\s*-?\s*away|to\s*go|dine\s*-?\s*in|eat\s*in|para\s*llevar|"
    r"para\s*levar|zum\s*mitnehmen|ausser\s*haus)\W*$"
)

def _is_registration(bracketed: str) -> bool:
    """ "(123456-X)", "(Co. No: 20154-T)", "(GST ID 0012)": a number, not part of the name."""
    if not re.search(r"\d{4,}", bracketed):
        return False
    letters = re.sub(r"[^A-Za-z]", "", bracketed)
    return len(letters) <= 3 or re.search(r"(?i)\b(?:no|reg|co|gst|id|roc)\b", bracketed) is not None


def _drop_address_tail(text: str) -> str:
    """ "Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène": the name is the first part. So is
    the brand before a branch set off by a spaced dash ("THE CUT - YOUNG VIC"), unless the part after it
    ends the legal name ("Müller - Brot GmbH")."""
    parts = re.split(r"\s+[-|•·●/]\s+|\s*[|•·●]\s*", text)
    # A street number or a postcode after the separator: "Malerei Keller GmbH · Seestrasse 40 · 8800 Thalwil".
    if len(parts) > 1 and any(ADDRESS.search(fold(part)) or CONTACT.search(fold(part)) or re.search(r"\d", part)
                              for part in parts[1:]):
        return parts[0]
    branch = re.split(r"\s+[-–]\s+", text)
    # A single word before the dash may say what kind of shop it is ("Bäckerei - Konditorei Schmidt"): kept whole.
    if len(branch) == 2 and len(branch[0].split()) >= 2 and not LEGAL_FORM.search(fold(branch[1])) \
            and len(branch[1].split()) <= 3:
        return branch[0]
    return text


def _logo_repeated(text: str) -> str:
    """ "dm dm-drogerie markt": a logo read as a word before the name that begins with it."""
    first, _, rest = text.partition(" ")
    if rest and len(first) <= 4 and rest.casefold().startswith(first.casefold()) and rest[len(first):][:1] in ("-", "."):
        return rest
    return text


# Greek capitals a Latin-alphabet OCR model reads for their look-alikes ("SΛTURN").
_GREEK_LOOKALIKES = str.maketrans("ΛΑΒΕΗΙΚΜΝΟΡΤΧΥΖ", "AABEHIKMNOPTXYZ")


def _case_flips(word: str) -> int:
    letters = [ch.isupper() for ch in word if ch.isalpha()]
    return sum(a != b for a, b in itertools.pairwise(letters))


def _show_through(text: str) -> str:
    """A letter-spaced brand ("A L D I") read through the mirror-image print on the back of thin paper
    comes out interleaved ("AdLbDneI"): a word whose case flips five times or more keeps its capitals,
    and the rest of such a line is the same noise."""
    noisy = [word for word in text.split() if _case_flips(word) >= 5]
    capitals = ["".join(ch for ch in word if ch.isupper()) for word in noisy]
    kept = [word for word in capitals if len(word) >= 3]
    return " ".join(kept) if kept else text


def _spelled_apart(text: str) -> str:
    """ "A L D I", "P E N N Y - M A R K T GmbH": single letters set apart are one word, and a hyphen
    set apart between two such words joins them as printed."""
    joined = re.sub(r"(?<!\S)[^\W\d_](?: [^\W\d_]){2,}(?!\S)", lambda m: m[0].replace(" ", ""), text.strip())
    if joined == text.strip():
        return text
    return re.sub(r"(?<=[^\W\d_]{3}) - (?=[^\W\d_]{3})", "-", joined)


def clean_name(text: str) -> str:
    text = _spelled_apart(_show_through(text.translate(_GREEK_LOOKALIKES) if re.search(r"[A-Za-z]", text) else text))
    # A Q between two consonants of a capitals word is an O with a tail of dirt ("RQSSMANN").
    text = re.sub(r"(?<=[B-DF-HJ-NP-TV-Z])Q(?=[B-DF-HJ-NP-TV-Z])", "O", text)
    # A logo mark read as a short code of digits and letters after the name ("LIDL 9M").
    text = re.sub(r"(?<=[A-Za-z]{3})\s+(?=[A-Za-z0-9]{1,3}$)(?=\S*\d)(?=\S*[A-Za-z])\S+$", "", text)
    text = _logo_repeated(_drop_address_tail(text))
    text = re.sub(r"(?<=[^\W\d_]{2})\s*#\s*\d{1,8}\s*$", "", text)  # "Tim Hortons # 102593": the store's number
    # A registration number printed on the name's own line is not part of the name.
    text = re.sub(r"\([^()]*\)?", lambda m: "" if _is_registration(m.group(0)) else m.group(0), text)
    # Brackets in printed names are set off by spaces, which OCR tends to lose: "BAKERIES(KL)SDN".
    text = re.sub(r"(?<=\w)\(", " (", text)
    text = re.sub(r"\)(?=\w)", ") ", text)
    # The Malaysian legal suffix, whose space OCR often drops ("SDNBHD", "SDN.BHD").
    text = re.sub(r"(?i)\b(sdn\.?)\s*(bhd\.?)", r"\1 \2", text)
    # ... and its letters, when a faded print makes "SDN BHD" read as "SDN EHD" or "SDN.BHZ".
    text = re.sub(r"(?i)\b(sdn\.?)\s*[a-z8]h[a-z]\b", lambda m: f"{m.group(1)} {'BHD' if m.group(1).isupper() else 'Bhd'}", text)
    text = re.sub(r"\b5/B\s*$", "S/B", text)  # "S/B" (Sendirian Berhad) with the S read as 5
    text = _drop_code_after_legal_form(text)
    # A zero inside a word is the letter O misread ("C0.", "F00DICIOUS").
    text = re.sub(r"[A-Za-z0-9.]*[A-Za-z][A-Za-z0-9.]*", _letter_o, text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=\w) (['’][sS])\b", r"\1", text)  # "REUBEN 'S DELI": OCR's space before the possessive
    return text.strip(" .,:;-*#|_=~'\"").strip()


def _drop_code_after_legal_form(text: str) -> str:
    """ "ANN GIAP TRADING SDN BHD SE", "COSWAY (M SDN BHD E0118A)": after the legal form a name ends;
    a stray letter pair or a code with digits after it is a branch code or OCR noise. A short word
    left in an unclosed bracket before the legal form ("(M SDN BHD") gets its bracket closed."""
    lowered = text.lower()
    forms = list(LEGAL_FORM.finditer(lowered)) if len(lowered) == len(text) else []
    if not forms:
        return text
    last = forms[-1]
    rest = text[last.end():].strip(" .,;:")
    # Only a separate token: "(LLP0016373)" is a registration number, read whole elsewhere.
    if text[last.end():last.end() + 1].isspace() and re.fullmatch(r"[A-Za-z]{1,2}|[\w-]*\d[\w-]*\)?", rest):
        text = text[:last.end()]
        text = re.sub(r"\((\w{1,3})\s+(?=[^()]*$)", r"(\1) ", text)
    return text


def _letter_o(match: re.Match[str]) -> str:
    word: str = match.group(0)
    if not any(ch.isalpha() for ch in word.replace("0", "")) or sum(ch.isdigit() for ch in word) > word.count("0"):
        return word  # codes with other digits ("E0118A") stay as printed
    upper = sum(ch.isupper() for ch in word) >= sum(ch.islower() for ch in word)
    return re.sub(r"(?<=[A-Za-z.])0|0(?=[A-Za-z])", "O" if upper else "o", word)


def bracket_continued(above: list[str], text: str, kind_word: re.Pattern[str]) -> str | None:
    """A legal-name line that closes a bracket opened on the line above is the end of a name printed
    over several lines ("AIK HOE HARDWARE" / "ENTERPRISE (TAMAN JAYA" / "SELATAN) SDN BHD"): the whole
    name, taking one more line above when the joined part starts with a word saying what kind of business
    it is (a name does not begin with "ENTERPRISE"); None when the line closes no bracket."""
    if not above or not re.match(r"[^()]*\)", text) or above[-1].count("(") <= above[-1].count(")"):
        return None
    joined = f"{above[-1].strip()} {text.strip()}"
    start = kind_word.match(fold(above[-1]).strip())
    if start is not None and len(above) >= 2 and not ADDRESS.search(fold(above[-2])):
        joined = f"{above[-2].strip()} {joined}"
    return joined


# A line that tells the customer what to do: "PLACE FACE UP ON DASH", "See back of receipt", "Please keep".
INSTRUCTION = re.compile(r"^\W*(?:place|display|keep|retain|please|scan|see|present|call|download|follow|thank|thanks|"
                         r"bitte|merci|gracias|obrigad[oa]|conservez|conserve|guarde|grazie)\s+\w+\s+\w+")


def misread_copy(name: str, below: str) -> bool:
    """A one-word line that the next, longer line (``below``, folded) spells nearly but not quite the same:
    a logo OCR misread ("SERSU" over "Geprek Bensu Kopo Bandung")."""
    words = re.findall(r"[a-z]{4,}", name.casefold())
    spelled = re.findall(r"[a-z]{4,}", below)
    return len(words) == 1 and len(spelled) >= 2 and any(
        0 < OSA.distance(words[0], w) <= 2 and abs(len(w) - len(words[0])) <= 1 for w in spelled)
