"""Which country a document comes from, read from what it prints about its issuer.

Cues, each a national *format* rather than a word: tax and company identifiers (GB VAT numbers, German
USt-IdNr., CNPJ, ABN, GSTIN, NPWP, ...), postcodes in their national shapes next to a place name
(``EH2 3AH``, ``M6J 1J5``, ``3811 KB Amersfoort``, ``CEP 01310-200``, ``NSW 2000``), international phone
prefixes (read by ``phonenumbers``), country names in the languages we read (from CLDR through Babel)
and legal-form suffixes (``SDN BHD``, ``Pty Ltd``, ``Sp. z o.o.``). The country decides ambiguous
currency symbols, the currency when none is printed, and whether numeric dates are month-first.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from babel import Locale
from babel.numbers import get_territory_currencies

# (countries the cue points to, weight, pattern). Weights: an identifier in its national format is
# the issuer's own (3); a postcode or state code shape (2); a legal form shared by several countries (1).
_CUES: list[tuple[tuple[str, ...], float, re.Pattern[str]]] = []
# The postcode shapes alone: a line holding one is an address line.
_POSTCODES: list[re.Pattern[str]] = []


def _cue(countries: str, weight: float, pattern: str, flags: int = 0, *, postcode: bool = False) -> None:
    compiled = re.compile(pattern, flags)
    _CUES.append((tuple(countries.split()), weight, compiled))
    if postcode:
        _POSTCODES.append(compiled)


_I = re.IGNORECASE
# Tax and company identifiers.
_cue("GB", 3, r"(?<![A-Z])GB\s?\d{3}\s?\d{4}\s?\d{2}(?!\d)")
_cue("DE", 3, r"(?<![A-Z])DE\s?\d{3}\s?\d{3}\s?\d{3}(?!\d)")
_cue("DE", 3, r"(?i:steuer\s*-?\s*nr|st\.?\s*-?\s*nr)\.?\s*:?\s*\d{2,3}/\d{3}/\d{4,5}")
_cue("AT", 3, r"(?<![A-Z])ATU\s?\d{8}(?!\d)")
_cue("FR", 3, r"(?<![A-Z])FR\s?[0-9A-Z]{2}\s?\d{3}\s?\d{3}\s?\d{3}(?!\d)")
_cue("FR", 3, r"(?i:siret|siren)\s*:?\s*\d{3}\s?\d{3}\s?\d{3}")
_cue("BE", 3, r"(?<![A-Z])BE\s?0?[01]\d{2}[.\s]?\d{3}[.\s]?\d{3}(?!\d)")
_cue("NL", 3, r"(?<![A-Z])NL\s?\d{9}\s?B\d{2}(?!\d)")
_cue("NL", 3, r"(?i:kvk)\s*(?:-?\s*(?:nr|nummer))?\.?\s*:?\s*\d{8}(?!\d)")
_cue("IT", 3, r"(?<![A-Z])IT\s?\d{11}(?!\d)")
_cue("IT", 3, r"(?i:p\.?\s?iva|partita\s+iva|c\.?\s?f\.?)\s*:?\s*\d{11}(?!\d)")
_cue("ES", 3, r"(?i:nif|cif)\s*:?\s*[A-HJNP-SUVW]-?\d{7}[0-9A-J](?![\w])")
_cue("ES", 3, r"(?i:nif|dni)\s*:?\s*\d{8}-?[A-Z](?![\w])")
_cue("PT", 3, r"(?i:nif|contribuinte|nipc)\s*(?:pt)?\s*:?\s*[1-9]\d{2}\s?\d{3}\s?\d{3}(?!\d)")
_cue("PT", 3, r"(?<![A-Z])PT\s?[1-9]\d{2}\s?\d{3}\s?\d{3}(?!\d)")
_cue("CH", 3, r"(?<![A-Z])CHE[-\s]?\d{3}\.\d{3}\.\d{3}(?!\d)")
_cue("IE", 3, r"(?<![A-Z])IE\s?\d{7}[A-W][A-I]?(?![\w])")
_cue("RO", 3, r"(?i:cif|cui|c\.i\.f\.|cod\s+fiscal)\s*:?\s*R[O0]\s?\d{2,10}(?!\d)")  # OCR reads RO as R0
_cue("PL", 3, r"(?i:nip)\s*:?\s*(?:PL)?\s*\d{3}-?\d{3}-?\d{2}-?\d{2}(?!\d)")
_cue("SE", 3, r"(?i:org\.?\s*-?\s*nr|organisationsnummer)\.?\s*:?\s*\d{6}-\d{4}(?!\d)")
_cue("NO", 3, r"(?i:org\.?\s*-?\s*nr)\.?\s*:?\s*\d{3}\s?\d{3}\s?\d{3}\s?(?:MVA)(?![\w])")
_cue("BR", 3, r"(?<!\d)\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?!\d)")  # CNPJ
# An Indian PAN (its fourth letter the holder's kind: company, person, firm, ...), alone or in a service tax
# number ("S.T.NO. AALCA7649DSD001").
_cue("IN", 3, r"(?i:pan|s\.?\s?t\.?\s?no|service\s+tax)[\s.:#-]*[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?:S[DT]\d{3})?(?![A-Z0-9])")
# Brazil's fiscal documents by their legal names ("NFC-e", "DANFE", "Cupom Fiscal"), issued through a SEFAZ.
_cue("BR", 2, r"(?i)(?<![a-z])(?:nfc?-e|danfe|sefaz|nota\s+fiscal|cupom\s+fiscal|cnpj)(?![a-z])")
# Egypt's "Tax Card" (البطاقة الضريبية) and its nine-digit tax registration number.
_cue("EG", 3, r"(?i:tax\s+card|tax\s+reg(?:istration)?\.?(?:\s+no\.?)?)\s*:?\s*\d{3}-\d{3}-\d{2,3}(?!\d)")
_cue("BR", 3, r"(?i:cpf)\s*:?\s*\d{3}\.\d{3}\.\d{3}-\d{2}(?!\d)")
_cue("BR", 2, r"(?i:cep)\s*:?\s*\d{5}-?\d{3}(?!\d)", postcode=True)
_cue("MX", 3, r"(?i:r\.?\s?f\.?\s?c\.?)\s*:?\s*[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}(?![\w])")
_cue("EC", 3, r"(?i:ruc)\s*:?\s*\d{10}001(?!\d)")
_cue("PE", 3, r"(?i:ruc)\s*:?\s*(?:10|20)\d{9}(?!\d)")
_cue("AU", 3, r"(?i:abn)\s*:?\s*\d{2}\s?\d{3}\s?\d{3}\s?\d{3}(?!\d)")
_cue("NZ", 3, r"(?i:gst\s*(?:no|number|#))\.?\s*:?\s*\d{2,3}-\d{3}-\d{3}(?!\d)")
_cue("IN", 3, r"(?<![A-Z0-9])\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z](?![A-Z0-9])")  # GSTIN
_cue("ID", 3, r"(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)")  # NPWP
_cue("SG", 3, r"(?i:uen|gst\s*reg(?:istration)?\.?\s*no)\.?\s*:?\s*(?:\d{8,9}|(?:19|20)\d{7}|[TSR]\d{2}[A-Z]{2}\d{4})[A-Z](?![\w])")
_cue("MY", 3, r"(?<![A-Z0-9])[A-Z]\d{2}-\d{4}-\d{8}(?!\d)")  # SST registration
_cue("MY", 2, r"\(\s*\d{5,7}\s*-\s*[A-Z]\s*\)")  # company number "(1023344-K)"
_cue("CA", 3, r"(?<!\d)\d{5}\s?\d{4}\s?RT\s?\d{4}(?!\d)")  # business number with its GST/HST account
_cue("ZA", 2, r"(?i:vat\s*(?:no|number|reg))\.?\s*:?\s*4\d{9}(?!\d)")
_cue("MD", 2, r"(?i:idno|cod\s+fiscal)\s*:?\s*[01]\d{12}(?!\d)")
_cue("AR", 3, r"(?i:cuit|cuil)\s*:?\s*\d{2}-?\d{8}-?\d(?!\d)")
_cue("CL", 3, r"(?i:rut)\s*:?\s*\d{1,2}\.\d{3}\.\d{3}-[\dkK](?![\w])")
_cue("CO", 3, r"(?i:nit)\s*:?\s*\d{3}\.?\d{3}\.?\d{3}-\d(?!\d)")
_cue("DK", 3, r"(?i:cvr)\s*(?:-?\s*nr\.?)?\s*:?\s*\d{2}\s?\d{2}\s?\d{2}\s?\d{2}(?!\d)")
_cue("FI", 3, r"(?i:y-tunnus|fo-nummer)\s*:?\s*\d{7}-\d(?!\d)")
_cue("CZ", 3, r"(?<![A-Z])CZ\d{8,10}(?!\d)|(?i:ičo|ico)\s*:?\s*\d{8}(?!\d)")
_cue("SK", 3, r"(?<![A-Z])SK\d{10}(?!\d)")
_cue("HU", 3, r"(?i:adószám|adoszam)\s*:?\s*\d{8}-\d-\d{2}(?!\d)")
_cue("PH", 3, r"(?i:tin)\s*:?\s*\d{3}-\d{3}-\d{3}-\d{3,5}(?!\d)")
_cue("KE", 3, r"(?i:pin)\s*:?\s*[AP]\d{9}[A-Z](?![\w])")
_cue("TR", 3, r"(?i:vergi\s*(?:no|numaras\u0131|dairesi))|(?<![A-Z])(?:VKN|TCKN)\s*:?\s*\d{10,11}(?!\d)")
_cue("TR", 3, r"(?<![A-Z])V\.\s?D\.\s*[/:]?\s*\d{10}(?!\d)")  # the tax office and its number
_cue("TR", 2, r"(?<![A-Z])(?:TOP\s?)?KDV(?![A-Z])")  # Katma Değer Vergisi, the Turkish VAT
_cue("LT", 3, r"(?i:pvm\s+(?:mok[eė]tojo\s+)?kodas)\s*:?\s*(?:LT)?\d{9,12}(?!\d)|(?<![A-Z])LT\d{9}(?:\d{3})?(?!\d)")
# The other EU VAT numbers: the state's prefix and its own length ("KMKR EE100247019", "LV40003032949").
_cue("EE", 3, r"(?<![A-Z])EE\s?10\d{7}(?!\d)|(?i:kmkr)\s*(?:nr\.?)?\s*:?\s*(?:EE)?\d{9}(?!\d)")
_cue("LV", 3, r"(?<![A-Z])LV\s?\d{11}(?!\d)")
_cue("FI", 3, r"(?<![A-Z])FI\s?\d{8}(?!\d)")
_cue("SI", 3, r"(?<![A-Z])SI\s?\d{8}(?!\d)")
_cue("HR", 3, r"(?<![A-Z])HR\s?\d{11}(?!\d)|(?i:oib)\s*:?\s*\d{11}(?!\d)")
_cue("BG", 3, r"(?<![A-Z])BG\s?\d{9,10}(?!\d)")
_cue("GR", 3, r"(?<![A-Z])EL\s?\d{9}(?!\d)|(?i:αφμ|afm)\s*:?\s*\d{9}(?!\d)")
_cue("LU", 3, r"(?<![A-Z])LU\s?\d{8}(?!\d)")
_cue("MT", 3, r"(?<![A-Z])MT\s?\d{8}(?!\d)")
_cue("CY", 3, r"(?<![A-Z])CY\s?\d{8}[A-Z](?![\w])")

# Postcodes and state codes in their national shapes, where an address prints them.
_US_STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
              "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY")
# Without the comma, not the codes that are also words in capitals ("PAID IN 12345").
_US_WORDLIKE = frozenset("IN OR ME OK HI DE PA MA LA CO ID AL".split())
_cue("US", 2, rf",\s*(?:{'|'.join(_US_STATES.split())})(?:\.|\s+|\.\s+)\d{{5}}(?:-\d{{4}})?(?!\d)", postcode=True)
_cue("US", 2, rf"(?<=[A-Za-z]{{3}})\s+(?:{'|'.join(sorted(set(_US_STATES.split()) - _US_WORDLIKE))})\s+\d{{5}}(?:-\d{{4}})?(?!\d)",
     postcode=True)  # "Snohomish WA 98290", "San Diego,CA.92109" above
_cue("CA", 2, r"(?<![A-Z0-9])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s\d[ABCEGHJ-NPRSTV-Z]\d(?![A-Z0-9])", postcode=True)
_cue("GB", 2, r"(?<![A-Z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}(?![A-Z0-9])", postcode=True)
_cue("IE", 2, r"(?<![A-Z0-9])[AC-FHKNPRTV-Y]\d{2}\s[AC-FHKNPRTV-Y0-9]{4}(?![A-Z0-9])", postcode=True)
_cue("NL", 2, r"(?<![\d,.])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\s+[A-Z][a-z]{2,}", postcode=True)
_cue("PT", 2, r"(?<![\d,.])[1-9]\d{3}-\d{3}\s+[A-ZÁÉÍÓÚÂÊÔ][a-záéíóúâêôãõç]{2,}", postcode=True)
_cue("PL", 2, r"(?<![\d,.-])\d{2}-\d{3}\s+[A-ZŁŚŻŹĆ][a-ząćęłńóśźż]{2,}", postcode=True)
_cue("SE", 2, r"(?<![\d,.])[1-9]\d{2}\s\d{2}\s+[A-ZÅÄÖ][a-zåäö]{2,}", postcode=True)
_cue("AU", 2, r"(?<![A-Z])(?:NSW|VIC|QLD|TAS|ACT)\s+\d{4}(?!\d)", postcode=True)
_cue("BR", 2, r"\s-\s(?:AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)\b", postcode=True)
_cue("MX", 2, r"(?i:c\.\s?p\.)\s*\d{5}(?!\d)", postcode=True)
_cue("SG", 2, r"(?i:singapore)\s+\d{6}(?!\d)", postcode=True)

# Legal forms: the country (or countries) whose company law defines them.
_cue("MY", 2, r"(?i)(?<![a-z])sdn\.?\s*bhd|(?<![a-z])berhad(?![a-z])")
_cue("SG", 2, r"(?i)(?<![a-z])pte\.?\s*ltd")
_cue("IN PK BD LK NP", 1, r"(?i)(?<![a-z])(?:pvt\.?\s*ltd|private\s+limited)")
_cue("AU ZA", 1, r"(?i)(?<![a-z])pty\.?\s*ltd|\(pty\)\s*ltd")
_cue("PL", 2, r"(?i)(?<![a-z])sp\.?\s*z\s*o\.?\s*o\.?")
_cue("RO MD", 1, r"(?<![A-Za-z])S\.?R\.?L\.?(?![A-Za-z])")
_cue("BR PT", 1, r"(?i)(?<![a-z])(?:ltda|eireli)(?![a-z])")
_cue("ES", 1, r"(?<![A-Za-z])S\.L\.U?\.?(?![A-Za-z])")
_cue("NL BE", 1, r"(?<![A-Za-z])B\.\s?V\.?(?![A-Za-z])")
_cue("DE AT CH", 1, r"(?<![A-Za-z])GmbH(?![A-Za-z])")
_cue("SE", 1, r"(?<=[a-zåäö]\s)AB$", re.MULTILINE)
_cue("LT", 2, r"(?<![A-Za-z])UAB(?![A-Za-z])")
_cue("TR", 2, r"(?<![A-Za-z])A\.\s?Ş\.")
_cue("CZ SK", 1, r"(?i)(?<![a-z])s\.\s?r\.\s?o\.")
_cue("HU", 2, r"(?<![A-Za-z])Kft\.")
_cue("SI HR RS BA", 1, r"(?i)(?<![a-z])d\.\s?o\.\s?o\.")
_cue("IT", 2, r"(?<![A-Za-z])S\.p\.A\.")
_cue("DK", 2, r"(?<![A-Za-z])ApS(?![A-Za-z])")
_cue("EE", 2, r"(?<![A-Za-z])O[ÜŬ](?![A-Za-z])")  # OCR reads the Ü of "OÜ" as Ŭ

# A web or mail address under a country's own top-level domain ("www.maxima.lt", "info@baeckerei.de"). The
# domains sold worldwide as brands (.co, .io, .me, .tv, ...) say nothing about a country.
_GENERIC_TLDS = frozenset({"co", "io", "me", "tv", "ai", "fm", "ly", "to", "cc", "ws", "gg", "so", "sh", "la", "am",
                           "ac", "nu", "tk", "ml", "ga", "cf", "gq", "eu"})
_DOMAIN = re.compile(r"(?i)(?:www\.|@|https?://)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.([a-z]{2})(?![a-z0-9.-])")

# Country names that are also ordinary words or too short to trust alone.
_NOT_NAMES = frozenset({"chad", "jersey", "georgia", "jordan", "turkey", "china", "guinea", "niger", "oman", "peru",
                        "mali", "togo", "cuba", "iran", "iraq", "laos", "fiji", "samoa", "monaco", "panama",
                        "man", "wales"})
# Everyday forms CLDR does not list.
_ALIASES = {"usa": "US", "u.s.a": "US", "uk": "GB", "u.k": "GB", "great britain": "GB", "england": "GB",
            "scotland": "GB", "deutschland": "DE", "moldova": "MD", "holland": "NL"}
NAME_LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "ro", "id", "ms", "pl", "sv")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name -> ISO code, in every language we read."""
    names: dict[str, str] = {}
    for language in NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) != 2 or not code.isalpha() or code in {"EU", "EZ", "UN", "ZZ", "QO"}:
                continue
            key = " ".join(_name_words(name))
            if len(key) >= 4 and key not in _NOT_NAMES:
                names.setdefault(key, code)
    names.update(_ALIASES)
    return names


def warm_up() -> None:
    """Load the country names before the first document (the worker calls this at start)."""
    _country_names()


def _name_words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?", text.casefold())


def _names_in(line: str, names: dict[str, str]) -> list[tuple[str, str]]:
    """Country names among the runs of up to four consecutive words of a line."""
    words = _name_words(line)
    found = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + 4), start, -1):
            phrase = " ".join(words[start:end])
            code = names.get(phrase) or names.get(phrase.rstrip("."))
            if code:
                found.append((phrase, code))
                start = end - 1
                break
        start += 1
    return found


_PHONE = re.compile(r"(?<![\w+])\+\s?\d{1,3}[\s\-.()]*\d[\d\s\-.()]{5,16}\d")
# A North American number in its national shape, which no other numbering plan prints: "(717) 691-3150".
_NANP = re.compile(r"(?<![\w+(])(?:\(\s?([2-9]\d{2})\s?\)\s?|([2-9]\d{2})[\-.])([2-9]\d{2})\s?[\-.]\s?(\d{4})(?![\d\-.])")


@dataclass
class CountryCues:
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def add(self, countries: Iterable[str], weight: float, why: str) -> None:
        for country in countries:
            self.scores[country] = self.scores.get(country, 0.0) + weight
        self.evidence.append(why[:60])

    def best(self) -> str | None:
        """The country with the most weight, when it has at least one strong cue and leads clearly."""
        if not self.scores:
            return None
        ranked = sorted(self.scores.items(), key=lambda item: item[1], reverse=True)
        country, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= 2 and score > runner_up:
            return country
        return None


def country_cues(lines: list[str], money_lines: AbstractSet[int] = frozenset()) -> CountryCues:
    """Cues in a document's lines; ``money_lines`` (indices of item and total rows) are not read for
    names, so "Turkey sandwich 4.50" is no address."""
    cues = CountryCues()
    text = "\n".join(lines)
    for countries, weight, pattern in _CUES:
        for match in pattern.finditer(text):
            cues.add(countries, weight, match.group(0))
    for match in _DOMAIN.finditer(text):
        tld = match.group(1).lower()
        if tld not in _GENERIC_TLDS:
            cues.add(["GB" if tld == "uk" else tld.upper()], 2, match.group(0))
    for match in _PHONE.finditer(text):
        try:
            number = phonenumbers.parse(re.sub(r"[^\d+]", "", match.group(0)))
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region and region != "001" and phonenumbers.is_possible_number(number):
            cues.add([region], 2, match.group(0))
    for match in _NANP.finditer(text):  # "(717) 691-3150", "609-664-2022": the area code tells US from Canada
        try:
            number = phonenumbers.parse("".join(g for g in match.groups() if g), "US")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and (region := phonenumbers.region_code_for_number(number)):
            cues.add([region], 2, match.group(0))
    names = _country_names()
    for index, line in enumerate(lines):
        if index in money_lines:
            continue
        for phrase, code in _names_in(line, names):
            cues.add([code], 2, phrase)
    return cues


def has_postcode(line: str) -> bool:
    """True when the line prints a postcode in a national shape ("EH2 3AH", "H54 X2K7", "3811 KB Amersfoort")."""
    return any(pattern.search(line) for pattern in _POSTCODES)


@lru_cache(maxsize=512)
def currency_of(country: str | None) -> str | None:
    """The currency a country pays in today (CLDR), or ``None``."""
    if not country:
        return None
    codes = get_territory_currencies(country.upper(), dt.datetime.now(dt.UTC).date())
    return codes[0] if codes else None

