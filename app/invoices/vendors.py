"""How vendor names are compared: the key duplicates and learned category rules match on."""
from __future__ import annotations

import re
import unicodedata


def vendor_key(vendor: str | None) -> str:
    """Vendor names compared loosely: case, accents, punctuation and legal suffix spacing ignored."""
    if not vendor:
        return ""
    text = unicodedata.normalize("NFKD", vendor).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", "", text)
