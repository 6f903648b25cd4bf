"""The offline answers' scope rules, applied server-side to the model's tool calls (issue 10): several
vendors are taken together only when every one is the user's, and no figure leaves out a word of the
question the parser could not read ("costa coffee last month" answered for "last month")."""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.conversation import intents as i
from app.conversation import kinds
from app.conversation.text import fold
from app.conversation.tool_args import VendorsArgs

_Args = TypeVar("_Args", bound=VendorsArgs)


class ToolError(Exception):
    """A tool call that cannot be run as asked: comes back to the model as ``{"error": code, "detail"}``."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


def query_vendors(args: VendorsArgs) -> dict[str, Any]:
    """The vendor arguments of the queries: the first name and the others, each of which must match
    (the offline rule: a total never silently leaves out a name it could not read)."""
    names = args.named()
    return {"vendor": names[0] if names else None, "other_vendors": names[1:]}


def one_vendor(args: VendorsArgs) -> str | None:
    """Converted totals read one vendor: several are refused rather than one of them silently kept."""
    names = args.named()
    if len(names) > 1:
        raise ToolError("one_vendor", "converted amounts take one vendor at a time; call once per vendor")
    return names[0] if names else None


def unread_left(unread: tuple[str, ...], *said: str | None) -> None:
    """Refuse a figure whose scope leaves out a word of the question nothing could read. The word counts
    as read when the model passed it on as a vendor, category or period, which the query then matches or
    refuses."""
    passed = fold(" ".join(s for s in said if s))
    left = [w for w in unread if fold(w) not in passed]
    if left:
        raise ToolError("unresolved", "the question names " + ", ".join(f'"{w}"' for w in left) + ", which is "
                        "none of the user's vendors, categories or currencies: say so, ask what they meant, "
                        "and give no figure; or pass it as the vendor or category it names")


def of_the_kind_said(session: Session, user_id: int, said: str, args: _Args) -> _Args:
    """The offline kinds rule for the model's category ("the water bill" is not every utility bill): the
    shops of the kind the question names, or a refusal when none of the user's can be told to be of it."""
    category = getattr(args, "category", None)
    if not category or args.named() or not said:
        return args
    asked = i.SpendingQuery(category=category, currency=getattr(args, "currency", None))
    narrowed = kinds.narrow(session, user_id, asked, said, vendor_said=False)
    if narrowed.intent is None:
        raise ToolError("which_kind", f'the question asks about "{narrowed.word}", which none of the user\'s '
                        f"{category} shops can be told to be ({', '.join(narrowed.shops[:6])}): ask which of them "
                        "is meant, and give no figure")
    vendor = getattr(narrowed.intent, "vendor", None)
    if not vendor:
        return args
    others = list(getattr(narrowed.intent, "other_vendors", ()))
    return args.model_copy(update={"vendor": vendor, "vendors": others or None, "category": None})
