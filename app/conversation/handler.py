"""One text message in, one reply out: detect the language, understand, execute for this user, answer.

The handler never sends or stores messages (the pipeline does); it reads and changes only the asking
user's invoices and the conversation's memory. The caller commits the session.

Export and "delete my data" are run by executors other modules :func:`register` (they need storage and signed
links); until then the feature is unavailable, and "delete my data" still asks for confirmation first.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.conversation import (
    budget_handler,
    expense_replies,
    kinds,
    on_invoice,
    payment_replies,
    queries,
    together,
    which_one,
)
from app.conversation import intents as i
from app.conversation import timezone as tz
from app.conversation.answers import (
    biggest_reply,
    clip,
    combined_reply,
    compare_reply,
    invoice_reply,
    list_reply,
    locale_for,
    spending_reply,
    top_vendors_reply,
)
from app.conversation.converted_answers import converted_reply, home_currency_reply
from app.conversation.dates import today_in
from app.conversation.follow_up import (
    CONTINUABLE,
    back_home,
    compared_with_last,
    continue_previous,
    of_the_figure,
    same_subject,
    the_shop_there,
)
from app.conversation.history import history_reply
from app.conversation.home_currency import home_currency
from app.conversation.language import detect
from app.conversation.memory import focus_on, fresh_pending, pop_pending, set_pending
from app.conversation.number_words import in_digits
from app.conversation.parser import Parsed, parse
from app.conversation.side_by_side import each_vendor
from app.conversation.slots import ParseContext
from app.conversation.suggestions import accepted, unresolved_reply
from app.conversation.text import clean_display, fold
from app.domain.reply import Reply
from app.i18n.catalogue import N_, hinted_language, supported_language, text
from app.i18n.phone import hint_for_number
from app.models import Conversation, User


@dataclass
class Context:
    """Everything an executor may use; ``user_id`` is the only user it may act for."""

    session: Session
    user_id: int
    whatsapp_number: str
    language: str
    locale: str
    timezone: str
    today: dt.date
    now: dt.datetime
    day_first: bool
    memory: dict[str, Any]
    settings: Settings


Executor = Callable[[Context, Any], Reply]
_EXTERNAL: dict[str, Executor] = {}


def register(kind: str, executor: Executor) -> None:
    """Plug in the executor for ``"export"`` (called with the :class:`Export` intent),
    ``"delete_my_data"`` (called with :class:`DeleteMyData` once the user has confirmed), or one of
    :data:`_PLUGGED` (the monthly report, its opt-in, the accountant pack: called with their intent)."""
    if kind not in {"export", "delete_my_data", *_PLUGGED}:
        raise ValueError(f"no pluggable executor named {kind!r}")
    _EXTERNAL[kind] = executor


def handle_text(session: Session, *, user: User, conversation: Conversation, text: str,
                now: dt.datetime | None = None, settings: Settings | None = None) -> Reply:
    """Answer one message from ``user`` in ``conversation`` (which must be theirs)."""
    if conversation.user_id != user.id:
        raise ValueError("the conversation does not belong to this user")
    settings = settings or get_settings()
    now = now or dt.datetime.now(dt.UTC)
    user_tz = tz.user_zone(user, now, settings.default_timezone)
    today = today_in(user_tz.name, now, settings.default_timezone)
    hint = hint_for_number(user.whatsapp_number)
    day_first = not (hint and hint.month_first)

    reading = ParseContext(today=today, vendors=queries.user_vendors(session, user.id), day_first=day_first,
                           categories=queries.user_categories(session, user.id), home_currency=home_currency(user),
                           currencies=queries.user_currencies(session, user.id), country=hint.country if hint else None)
    text = in_digits(text or "", detect(fold(text or "")).language or user.language)  # "twenty one fifty"
    parsed = parse(text, reading)
    if parsed.language and parsed.language != user.language:
        user.language = parsed.language
    language = _reply_language(parsed, user, settings, hinted_language(hint.languages) if hint else None)

    ctx = Context(session=session, user_id=user.id, whatsapp_number=user.whatsapp_number, language=language,
                  locale=locale_for(language, user.whatsapp_number), timezone=user_tz.name, today=today, now=now,
                  day_first=day_first, memory=dict(conversation.state or {}), settings=settings)
    intent = together.both(parsed.mentioned, ctx.memory) or together.difference(parsed.mentioned, ctx.memory) \
        or continue_previous(parsed, ctx.memory, today)
    intent = which_one.chosen(ctx.memory, intent, parsed.mentioned, now) \
        or which_one.by_figure(ctx.session, user.id, ctx.memory, text or "", now, user_tz.name) or intent  # "the 174.78 one"
    narrowed = kinds.narrow(session, user.id, intent, text or "", vendor_said=bool(parsed.mentioned.get("vendor")))
    if narrowed.intent is None:  # "a conta de água" among utilities none of which says water: ask, no figure
        return kinds.ask_back(narrowed, language)
    intent = compared_with_last(same_subject(narrowed.intent, parsed, ctx.memory), parsed, ctx.memory, text or "", today)
    intent = of_the_figure(back_home(intent, ctx.memory, reading.home_currency, text or ""), ctx.memory, text or "")
    intent = the_shop_there(intent, parsed, ctx.memory,
                            lambda: getattr(queries.find_invoice(session, user.id, i.IT, ctx.memory), "vendor", None))
    if isinstance(intent, i.Confirm) and fresh_pending(ctx.memory.get("pending"), now) is None \
            and (rest := re.sub(r"^\W*\w+\W*", "", text or "", count=1)):  # "ok delete it", nothing to confirm
        intent = continue_previous(parse(rest, reading), ctx.memory, today)
    zone_reply = _about_zone(ctx, user, conversation, user_tz, intent, text or "")
    if zone_reply is not None:
        return zone_reply
    if not user_tz.known and _needs_zone(intent):
        agreed = _same_in_every_zone(ctx, text or "", reading, user_tz.options, intent)
        if agreed is None:
            body = tz.ask(ctx.memory, text or "", user_tz, ctx.language, ctx.now)
            conversation.state = ctx.memory
            return Reply(body, intent="ask_timezone", data={"options": list(user_tz.options)}, language=language)
        ctx, intent = agreed
    reply = _execute(ctx, intent)
    conversation.state = ctx.memory  # a new dict, so SQLAlchemy sees the JSONB change
    body = reply.body
    if note := user_tz.note(language, now):
        body = f"{body}\n\n{note}"
    return Reply(body=clip(body), media_urls=list(reply.media_urls), intent=intent.kind, data=reply.data,
                 language=language)


def _needs_zone(intent: i.Intent) -> bool:
    """A question whose answer depends on which day it is where the user lives."""
    return getattr(intent, "period", None) is not None or isinstance(intent, i.CompareSpending)


def _about_zone(ctx: Context, user: User, conversation: Conversation, user_tz: tz.UserZone, intent: i.Intent,
                said: str) -> Reply | None:
    """Setting the zone ("my timezone is Perth", or a city answering our question), or asking for it before
    a question that needs it; None when the message is not about the zone and can be answered."""
    waiting = tz.pending_question(ctx.memory, ctx.now)
    value = intent.value if isinstance(intent, i.SetTimezone) else (said if waiting and not user_tz.known else None)
    if value is not None:
        answer = tz.named(value, user, ctx.now)
        if answer.zone:
            confirmation = tz.set_zone(user, answer.zone, ctx.language, ctx.now)
            ctx.memory.pop("pending", None)
            conversation.state = ctx.memory
            if waiting:  # the question that waited for the zone, now read in it
                later = handle_text(ctx.session, user=user, conversation=conversation, text=waiting, now=ctx.now,
                                    settings=ctx.settings)
                return Reply(body=clip(f"{confirmation}\n\n{later.body}"), media_urls=list(later.media_urls),
                             intent=later.intent, data=later.data, language=later.language)
            return Reply(confirmation, intent="set_timezone", data={"timezone": answer.zone}, language=ctx.language)
        if answer.options:
            body = tz.ask(ctx.memory, waiting or "", tz.UserZone(ctx.timezone, False, options=answer.options),
                          ctx.language, ctx.now)
            conversation.state = ctx.memory
            return Reply(body, intent="set_timezone", data={"options": list(answer.options)}, language=ctx.language)
        if isinstance(intent, i.SetTimezone):
            return Reply(text(ctx.language, "tz_unknown", name=clean_display(value, 60)), intent="set_timezone",
                         data={"ok": False}, language=ctx.language)
    return None


def _same_in_every_zone(ctx: Context, said: str, reading: ParseContext, zones: tuple[str, ...],
                        intent: i.Intent) -> tuple[Context, i.Intent] | None:
    """The country keeps several clocks and the user has not said which is theirs: when this question gets
    the same answer by every one of them (the same day everywhere, no receipt across the period's edge), the
    context and intent to answer it in; None when the answer depends on the clock, so it must be asked."""
    if not isinstance(intent, CONTINUABLE):  # only questions that change nothing are tried several times
        return None
    answers: set[str] = set()
    first: tuple[Context, i.Intent] | None = None
    for zone in zones:
        today = today_in(zone, ctx.now, ctx.settings.default_timezone)
        local = replace(ctx, timezone=zone, today=today, memory=copy.deepcopy(ctx.memory))
        parsed = parse(said, replace(reading, today=today))
        asked = together.both(parsed.mentioned, local.memory) or continue_previous(parsed, local.memory, today)
        answers.add(_execute(replace(local, memory=copy.deepcopy(local.memory)), asked).body)
        if len(answers) > 1:
            return None
        first = first or (local, asked)
    return first


def _reply_language(parsed: Parsed, user: User, settings: Settings, hinted: str | None) -> str:
    return supported_language(parsed.language, user.language, hinted, settings.default_language)


def _execute(ctx: Context, intent: i.Intent) -> Reply:
    if isinstance(intent, i.Confirm) and (offered := accepted(ctx.memory, ctx.now)) is not None:
        intent = offered  # "yes" to "did you mean Farmacity?"
    pending = pop_pending(ctx.memory, ctx.now)
    if isinstance(intent, i.Confirm):
        if pending == "delete_my_data":
            executor = _EXTERNAL.get("delete_my_data")
            if executor is None:
                return Reply(text(ctx.language, "delete_data_unavailable"))
            return executor(ctx, i.DeleteMyData())
        return Reply(text(ctx.language, "nothing_to_confirm"))
    if isinstance(intent, i.Cancel):
        if not pending and (ctx.memory.get("last_deleted_seq") or ctx.memory.get("last_added_seq")
                            or ctx.memory.get("last_change")):  # "annule": undo
            return on_invoice.undo(ctx, i.UndoDelete())
        return Reply(text(ctx.language, N_("delete_data_cancelled") if pending else N_("nothing_to_confirm")))
    if (unclear := which_one.ask(ctx.memory, intent, ctx.language, ctx.now)) is not None:
        return unclear
    if isinstance(intent, CONTINUABLE) or (isinstance(intent, i.Unresolved) and intent.asked):
        together.remember(ctx.memory, intent)  # and the question before, for "both together"
    return _answer(ctx, intent)


def _answer(ctx: Context, intent: i.Intent) -> Reply:
    if isinstance(intent, i.SpendingQuery) and intent.each and intent.other_vendors:  # "Dunnes v Tesco"
        return each_vendor(ctx, intent, _answer)
    if getattr(intent, "convert_to", None):  # "in EUR": every invoice converted, the rates said
        return converted_reply(ctx, intent, _EXECUTORS[type(intent)])  # type: ignore[arg-type]
    return _EXECUTORS[type(intent)](ctx, intent)


# --- executors ----------------------------------------------------------------------------------------

def _help(ctx: Context, _: i.Help) -> Reply:
    return Reply(text(ctx.language, "help"))


def _greeting(ctx: Context, intent: i.Greeting) -> Reply:
    return Reply(text(ctx.language, N_("thanks") if intent.thanks else N_("greeting")))


def _unknown(ctx: Context, _: i.Unknown) -> Reply:
    return Reply(text(ctx.language, "unknown"))


def _spending(ctx: Context, q: i.SpendingQuery) -> Reply:
    result = queries.spending(ctx.session, ctx.user_id, period=q.period, vendor=q.vendor, category=q.category,
                              currency=q.currency, timezone=ctx.timezone, other_vendors=q.other_vendors,
                              except_vendors=q.except_vendors, except_currency=q.except_currency)
    body = spending_reply(result, q.metric, period=q.period, vendor=q.vendor, category=q.category,
                          language=ctx.language, locale=ctx.locale, currency=q.currency,
                          left_out=[*result.left_out, *([q.except_currency] if q.except_currency else [])])
    if sum(row.count for row in result.by_currency) == 1:  # "what did I spend on the 3rd?" then "what was on it?"
        only = queries.list_invoices(ctx.session, ctx.user_id, limit=1, vendor=q.vendor, period=q.period,
                                     category=q.category, timezone=ctx.timezone, currency=q.currency)
        if only.invoices and not q.other_vendors:
            focus_on(ctx.memory, only.invoices[0].seq)
    elif any(row.count for row in result.by_currency):
        ctx.memory["focus"] = "figure"  # a sum over several: "delete that one" has no one invoice to mean
    return Reply(body, data={"metric": q.metric, **result.model_dump(mode="json")})


def _compare(ctx: Context, q: i.CompareSpending) -> Reply:
    first, second = (queries.spending(ctx.session, ctx.user_id, period=p, vendor=q.vendor, category=q.category,
                                      currency=q.currency, timezone=ctx.timezone)
                     for p in (q.period, q.other_period))
    if q.combine and q.metric == "total":
        body = combined_reply(first, second, period=q.period, other_period=q.other_period, vendor=q.vendor,
                              category=q.category, language=ctx.language, locale=ctx.locale)
        return Reply(body, data={"metric": q.metric, "periods": [first.model_dump(mode="json"),
                                                                 second.model_dump(mode="json")]})
    body = compare_reply(first, second, q.metric, period=q.period, other_period=q.other_period, vendor=q.vendor,
                         category=q.category, language=ctx.language, locale=ctx.locale)
    return Reply(body, data={"metric": q.metric, "periods": [first.model_dump(mode="json"),
                                                             second.model_dump(mode="json")]})


def _top_vendors(ctx: Context, q: i.TopVendors) -> Reply:
    rows = queries.top_vendors(ctx.session, ctx.user_id, period=q.period, limit=q.limit, category=q.category,
                               timezone=ctx.timezone)
    body = top_vendors_reply(rows, period=q.period, category=q.category, language=ctx.language,
                             locale=ctx.locale)
    return Reply(body, data={"vendors": [r.model_dump(mode="json") for r in rows]})


def _biggest(ctx: Context, q: i.BiggestInvoice) -> Reply:
    rows = queries.biggest_invoices(ctx.session, ctx.user_id, period=q.period, vendor=q.vendor,
                                    category=q.category, timezone=ctx.timezone, smallest=q.smallest)
    if rows:  # one per currency, the main one first: "what was on it?" means that one
        focus_on(ctx.memory, rows[0].seq)
    body = biggest_reply(rows, period=q.period, vendor=q.vendor, category=q.category, language=ctx.language,
                         locale=ctx.locale, smallest=q.smallest)
    return Reply(body, data={"invoices": [r.model_dump(mode="json") for r in rows]})


def _list(ctx: Context, q: i.ListInvoices) -> Reply:
    result = queries.list_invoices(ctx.session, ctx.user_id, limit=q.limit, vendor=q.vendor, period=q.period,
                                   category=q.category, timezone=ctx.timezone, currency=q.currency)
    seqs = [inv.seq for inv in result.invoices]
    if q.items and len(seqs) == 1 and result.matching == 1:  # "what did I buy this month": that one, with its lines
        return _show(ctx, i.ShowInvoice(ref=i.InvoiceRef.seq(seqs[0])))
    ctx.memory["listed_seqs"] = seqs
    ctx.memory["focus"] = "list" if len(seqs) > 1 else "invoice"
    if len(seqs) == 1:
        ctx.memory["last_invoice_seq"] = seqs[0]
    body = list_reply(result, period=q.period, vendor=q.vendor, category=q.category, language=ctx.language,
                      locale=ctx.locale, currency=q.currency)
    return Reply(body, data=result.model_dump(mode="json"))


def _show(ctx: Context, q: i.ShowInvoice) -> Reply:
    if q.vendor or q.category:
        listed = ctx.memory.get("listed_seqs") if ctx.memory.get("focus") == "list" else None
        invoice = queries.latest_from(ctx.session, ctx.user_id, q.vendor, q.category, among=listed or ())
        if invoice is None:
            return Reply(text(ctx.language, "unmatched_vendor", name=clean_display(q.vendor or q.category or "", 60)),
                         data={"ok": False, "problem": "not_found"})
    else:
        invoice = queries.show_invoice(ctx.session, ctx.user_id, q.ref, ctx.memory)
    if invoice is None:
        return on_invoice.not_found(ctx, q.ref)
    focus_on(ctx.memory, invoice.seq)
    return Reply(invoice_reply(invoice, ctx.language, ctx.locale), data=invoice.model_dump(mode="json"))


_PLUGGED = ("monthly_report", "report_subscription", "accountant_pack")


def _plugged(ctx: Context, intent: i.Export | i.MonthlyReport | i.ReportSubscription | i.AccountantPack
             ) -> Reply:
    """Run the registered executor of the intent's kind (they need file storage and signed links)."""
    executor = _EXTERNAL.get(intent.kind)
    if executor is None:
        return Reply(text(ctx.language, "export_unavailable"))
    return executor(ctx, intent)


def _delete_my_data(ctx: Context, _: i.DeleteMyData) -> Reply:
    set_pending(ctx.memory, "delete_my_data", ctx.now)
    return Reply(text(ctx.language, "delete_data_confirm"), data={"pending": "delete_my_data"})


_EXECUTORS: dict[type, Executor] = {
    i.Help: _help, i.Greeting: _greeting, i.Unknown: _unknown, i.Unresolved: unresolved_reply, i.SpendingQuery: _spending,
    i.CompareSpending: _compare, i.TopVendors: _top_vendors, i.BiggestInvoice: _biggest, i.ListInvoices: _list, i.ShowInvoice: _show,
    i.CorrectField: on_invoice.correct, i.DeleteInvoice: on_invoice.delete, i.UndoDelete: on_invoice.undo,
    i.KeepDuplicate: on_invoice.keep,
    i.Export: _plugged, i.DeleteMyData: _delete_my_data,
    i.MonthlyReport: _plugged, i.ReportSubscription: _plugged, i.AccountantPack: _plugged,
    i.MarkPaid: payment_replies.mark_paid, i.SetDueDate: payment_replies.set_due_date,
    i.ListDue: payment_replies.list_due, i.SetReminders: payment_replies.set_reminders,
    **budget_handler.EXECUTORS, i.InvoiceHistory: history_reply, i.SetHomeCurrency: home_currency_reply,
    i.AddExpense: expense_replies.add, i.ShowDetails: expense_replies.details,
}
