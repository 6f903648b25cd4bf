"""Structured e-invoices: the XML inside ZUGFeRD 1.x/2.x, Factur-X and XRechnung files, or sent bare.

When a PDF carries its invoice as XML (UN/CEFACT Cross Industry Invoice, or OASIS UBL), the XML is
the legal invoice and the PDF only a picture of it, so fields are taken from the XML exactly instead
of being read off the page.

Element names are matched by local name so one reader serves ZUGFeRD 1.0 (``CrossIndustryDocument``,
``...SupplyChainTrade...`` names) and CII D16B (``CrossIndustryInvoice``, ``...HeaderTrade...`` names).

Sign convention: a credit note (a credit type code, or a negative grand total) is
``document_type="credit_note"`` and its money amounts are negative (refunds reduce spending when
summed); line items keep a positive unit price and carry the sign on quantity and line total, as
corrective invoices print them. Amounts already negative in the XML are kept as they are.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from lxml import etree

from app.extraction.types import DocumentType, ExtractionResult, LineItem

MAX_XML_BYTES = 5 * 1024 * 1024
MAX_LINE_ITEMS = 500
# Names producers give the embedded invoice; any other *.xml attachment is still tried.
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd_invoice.xml",
               "order-x.xml", "cii.xml", "ubl.xml")
# UNTDID 1001 document codes that mean "credit note" in CII and UBL.
CREDIT_NOTE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})
CII_ROOTS = frozenset({"CrossIndustryInvoice", "CrossIndustryDocument"})
UBL_ROOTS = frozenset({"Invoice", "CreditNote"})


class NotAnEInvoice(ValueError):
    """The bytes are not an invoice XML we can read (wrong root, malformed, has a DTD, too large)."""


def safe_parse(data: bytes) -> etree._Element:
    """Parse untrusted XML: no DTDs, no entity expansion, no network, no huge trees."""
    if len(data) > MAX_XML_BYTES:
        raise NotAnEInvoice("XML too large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise NotAnEInvoice(f"malformed XML: {exc}") from exc
    if root is None:
        raise NotAnEInvoice("empty XML")
    if root.getroottree().docinfo.internalDTD is not None:
        # Invoice schemas never use DTDs; a document declaring one is at best odd, at worst an attack.
        raise NotAnEInvoice("XML with a DTD")
    return root


def is_invoice_xml(data: bytes) -> bool:
    try:
        return _local(safe_parse(data)) in CII_ROOTS | UBL_ROOTS
    except NotAnEInvoice:
        return False


def pick_invoice_xml(attachments: Iterable[tuple[str, bytes]]) -> tuple[str, bytes] | None:
    """The attachment holding the invoice: a well-known name first, then any XML with an invoice root."""
    candidates = [(name, data) for name, data in attachments if name.lower().endswith(".xml")]
    candidates.sort(key=lambda item: item[0].lower() not in KNOWN_NAMES)
    for name, data in candidates:
        if is_invoice_xml(data):
            return name, data
    return None


def parse_invoice_xml(data: bytes) -> ExtractionResult:
    """Fields of a CII or UBL invoice, exactly as the XML states them (not yet validated)."""
    root = safe_parse(data)
    kind = _local(root)
    if kind in CII_ROOTS:
        result = _parse_cii(root)
    elif kind in UBL_ROOTS:
        result = _parse_ubl(root)
    else:
        raise NotAnEInvoice(f"root element {kind[:60]!r} is not an invoice")
    _apply_credit_note_signs(result)
    result.extractor = "einvoice"
    result.confidence = {field: 1.0 for field in ("vendor", "invoice_number", "invoice_date", "currency",
                                                  "total_amount", "tax_amount", "subtotal")
                         if getattr(result, field) is not None}
    return result


# ------------------------------------------------------------------------------------------------
# CII (ZUGFeRD 1.x / 2.x, Factur-X, XRechnung CII)
# ------------------------------------------------------------------------------------------------

def _parse_cii(root: etree._Element) -> ExtractionResult:
    header = _child(root, "ExchangedDocument", "HeaderExchangedDocument")
    trade = _child(root, "SupplyChainTradeTransaction", "SpecifiedSupplyChainTradeTransaction")
    agreement = _child(trade, "ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement")
    settlement = _child(trade, "ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement")
    sums = _child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation",
                  "SpecifiedTradeSettlementMonetarySummation")
    currency = _text(_child(settlement, "InvoiceCurrencyCode"))
    currency = currency.upper() if currency else None

    terms = _children(settlement, "SpecifiedTradePaymentTerms")
    descriptions = [_text(_child(term, "Description")) for term in terms]
    due_dates = [_cii_date(_child(_child(term, "DueDateDateTime"), "DateTimeString")) for term in terms]

    grand_total = _amount(_child(sums, "GrandTotalAmount"))
    tax_basis = _amount(_child(sums, "TaxBasisTotalAmount"))
    line_total = _amount(_child(sums, "LineTotalAmount"))
    tax_total = _amount_in_currency(_children(sums, "TaxTotalAmount"), currency)
    if tax_total is None:
        tax_total = _header_tax_sum(settlement)

    return ExtractionResult(
        vendor=_name(_child(_child(agreement, "SellerTradeParty"), "Name")),
        invoice_number=_text(_child(header, "ID")),
        invoice_date=_cii_date(_child(_child(header, "IssueDateTime"), "DateTimeString")),
        due_date=next((d for d in due_dates if d), None),
        payment_terms="\n".join(d for d in descriptions if d) or None,
        currency=currency,
        total_amount=grand_total,
        tax_amount=tax_total,
        subtotal=tax_basis if tax_basis is not None else line_total,
        items=[item for item in map(_cii_line, _children(trade, "IncludedSupplyChainTradeLineItem")[:MAX_LINE_ITEMS])
               if item is not None],
        document_type=_document_type(_text(_child(header, "TypeCode")), grand_total),
        processing_metadata={"einvoice": {"syntax": "CII", "root": _local(root),
                                          "type_code": _text(_child(header, "TypeCode")),
                                          "line_total": str(line_total) if line_total is not None else None}},
    )


def _cii_line(line: etree._Element) -> LineItem | None:
    product = _child(line, "SpecifiedTradeProduct")
    name = _name(_child(product, "Name"))
    agreement = _child(line, "SpecifiedLineTradeAgreement", "SpecifiedSupplyChainTradeAgreement")
    delivery = _child(line, "SpecifiedLineTradeDelivery", "SpecifiedSupplyChainTradeDelivery")
    settlement = _child(line, "SpecifiedLineTradeSettlement", "SpecifiedSupplyChainTradeSettlement")
    sums = _child(settlement, "SpecifiedTradeSettlementLineMonetarySummation",
                  "SpecifiedTradeSettlementMonetarySummation")
    total = _amount(_child(sums, "LineTotalAmount"))
    if not name:
        # Note-only lines (free text between positions) carry no product.
        return None
    net_price = _child(agreement, "NetPriceProductTradePrice")
    unit_price = _per_unit(_amount(_child(net_price, "ChargeAmount")), _amount(_child(net_price, "BasisQuantity")))
    quantity = _amount(_child(delivery, "BilledQuantity"))
    return LineItem(description=name, quantity=quantity if quantity is not None else Decimal(1),
                    unit_price=unit_price, total_price=total,
                    item_code=_text(_child(product, "SellerAssignedID")) or _text(_child(product, "GlobalID")))


def _cii_date(element: etree._Element | None) -> dt.date | None:
    text = _text(element)
    if element is None or not text:
        return None
    fmt = element.get("format", "102")
    if fmt == "102" and re.fullmatch(r"\d{8}", text):
        return _date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if fmt == "610" and re.fullmatch(r"\d{6}", text):
        return _date(int(text[:4]), int(text[4:]), 1)
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", text)
    return _date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _header_tax_sum(settlement: etree._Element | None) -> Decimal | None:
    amounts = [_amount(_child(tax, "CalculatedAmount")) for tax in _children(settlement, "ApplicableTradeTax")]
    present = [a for a in amounts if a is not None]
    return sum(present, Decimal(0)) if present else None


# ------------------------------------------------------------------------------------------------
# UBL (XRechnung UBL, Peppol BIS)
# ------------------------------------------------------------------------------------------------

def _parse_ubl(root: etree._Element) -> ExtractionResult:
    credit = _local(root) == "CreditNote"
    currency = _text(_child(root, "DocumentCurrencyCode"))
    currency = currency.upper() if currency else None
    party = _child(_child(root, "AccountingSupplierParty"), "Party")
    vendor = _name(_child(_child(party, "PartyLegalEntity"), "RegistrationName")) or \
        _name(_child(_child(party, "PartyName"), "Name"))
    totals = _child(root, "LegalMonetaryTotal")
    taxes = [_child(tax_total, "TaxAmount") for tax_total in _children(root, "TaxTotal")]
    grand_total = _amount(_child(totals, "TaxInclusiveAmount"))
    if grand_total is None:
        grand_total = _amount(_child(totals, "PayableAmount"))
    type_code = _text(_child(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode")) or ("381" if credit else "380")
    terms = [_text(_child(term, "Note")) for term in _children(root, "PaymentTerms")]
    lines = _children(root, "CreditNoteLine" if credit else "InvoiceLine")[:MAX_LINE_ITEMS]
    subtotal = _amount(_child(totals, "TaxExclusiveAmount"))
    return ExtractionResult(
        vendor=vendor,
        invoice_number=_text(_child(root, "ID")),
        invoice_date=_iso_date(_text(_child(root, "IssueDate"))),
        due_date=_iso_date(_text(_child(root, "DueDate")))
        or _iso_date(_text(_child(_child(root, "PaymentMeans"), "PaymentDueDate"))),
        payment_terms="\n".join(t for t in terms if t) or None,
        currency=currency,
        total_amount=grand_total,
        tax_amount=_amount_in_currency([t for t in taxes if t is not None], currency),
        subtotal=subtotal if subtotal is not None else _amount(_child(totals, "LineExtensionAmount")),
        items=[item for item in (_ubl_line(line) for line in lines) if item is not None],
        document_type=_document_type(type_code, grand_total),
        processing_metadata={"einvoice": {"syntax": "UBL", "root": _local(root), "type_code": type_code}},
    )


def _ubl_line(line: etree._Element) -> LineItem | None:
    item = _child(line, "Item")
    name = _name(_child(item, "Name")) or _name(_child(item, "Description"))
    if not name:
        return None
    price = _child(line, "Price")
    quantity = _amount(_child(line, "InvoicedQuantity", "CreditedQuantity"))
    return LineItem(description=name, quantity=quantity if quantity is not None else Decimal(1),
                    unit_price=_per_unit(_amount(_child(price, "PriceAmount")), _amount(_child(price, "BaseQuantity"))),
                    total_price=_amount(_child(line, "LineExtensionAmount")),
                    item_code=_text(_child(_child(item, "SellersItemIdentification"), "ID")))


def _iso_date(text: str | None) -> dt.date | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    return _date(int(match[1]), int(match[2]), int(match[3])) if match else None


# ------------------------------------------------------------------------------------------------
# Shared helpers
# ------------------------------------------------------------------------------------------------

def _document_type(type_code: str | None, grand_total: Decimal | None) -> DocumentType:
    if (type_code or "").strip() in CREDIT_NOTE_CODES or (grand_total is not None and grand_total < 0):
        return "credit_note"
    return "invoice"


def _apply_credit_note_signs(result: ExtractionResult) -> None:
    if result.document_type != "credit_note":
        return
    negative = [v for v in (result.total_amount, result.subtotal) if v is not None]
    if any(v < 0 for v in negative):
        return  # already written the corrective-invoice way, with negative amounts
    for field in ("total_amount", "tax_amount", "subtotal"):
        value = getattr(result, field)
        if value is not None:
            setattr(result, field, -value)
    for item in result.items:
        if item.total_price is not None and item.total_price > 0:
            item.total_price = -item.total_price
            item.quantity = -abs(item.quantity)
        if item.unit_price is not None:
            item.unit_price = abs(item.unit_price)


def _amount_in_currency(elements: list[etree._Element], currency: str | None) -> Decimal | None:
    """The amount stated in the invoice currency when the XML repeats it in a tax currency (BT-111)."""
    if not elements:
        return None
    if currency:
        for element in elements:
            if (element.get("currencyID") or "").strip().upper() == currency:
                return _amount(element)
    unlabelled = [e for e in elements if not e.get("currencyID")]
    if unlabelled:
        return _amount(unlabelled[0])
    if len(elements) == 1 and not currency:
        return _amount(elements[0])
    return None  # only amounts in another currency: let the caller sum the tax breakdown instead


def _per_unit(price: Decimal | None, basis: Decimal | None) -> Decimal | None:
    if price is None or basis is None or basis <= 0 or basis == 1:
        return price
    return price / basis


def _amount(element: etree._Element | None) -> Decimal | None:
    text = _text(element)
    if not text or not re.fullmatch(r"[+-]?\d{1,15}(?:\.\d{1,6})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _name(element: etree._Element | None) -> str | None:
    text = _text(element)
    return " ".join(text.split()) if text else None


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(element: etree._Element | None, *names: str) -> etree._Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child) in names:
            return child
    return None


def _children(element: etree._Element | None, *names: str) -> list[etree._Element]:
    if element is None:
        return []
    return [child for child in element if _local(child) in names]
