"""Building and signing inbound WhatsApp webhooks the way Twilio sends them (replay, chat, bench).

The signature is twilio's own ``RequestValidator.compute_signature`` over the URL the server checks
(its PUBLIC_BASE_URL + path when set, else the URL requested) and every form value.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

import requests
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

WHATSAPP_PATH = "/webhooks/twilio/whatsapp"
STATUS_PATH = "/webhooks/twilio/status"
SID_FIELDS = ("MessageSid", "SmsMessageSid", "SmsSid")

Form = Mapping[str, "str | list[str]"]


def new_message_sid() -> str:
    return "SM" + uuid.uuid4().hex


def _message_type(content_types: list[str]) -> str:
    if not content_types:
        return "text"
    first = content_types[0]
    if first.startswith("image/"):
        return "image"
    return "document"


def inbound_form(*, account_sid: str, from_: str, to: str, body: str = "",
                 media: Iterable[tuple[str, str]] = (), profile_name: str | None = None,
                 message_sid: str | None = None) -> dict[str, str]:
    """The form of an inbound WhatsApp message; ``media`` is (url, content type) pairs."""
    media = list(media)
    sid = message_sid or new_message_sid()
    form = {
        "SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid,
        "AccountSid": account_sid, "From": from_, "To": to, "Body": body,
        "NumMedia": str(len(media)), "NumSegments": "1", "ReferralNumMedia": "0",
        "SmsStatus": "received", "ApiVersion": "2010-04-01",
        "MessageType": _message_type([ctype for _, ctype in media]),
        "WaId": from_.removeprefix("whatsapp:").lstrip("+"),
    }
    if profile_name:
        form["ProfileName"] = profile_name
    for index, (url, content_type) in enumerate(media):
        form[f"MediaUrl{index}"] = url
        form[f"MediaContentType{index}"] = content_type
    return form


def with_new_sid(form: Form) -> dict[str, str | list[str]]:
    """The same message as a fresh one: every SID field gets one new MessageSid."""
    sid = new_message_sid()
    return {key: (sid if key in SID_FIELDS else value) for key, value in form.items()}


def as_multidict(form: Form) -> MultiDict:
    return MultiDict([(key, item) for key, value in form.items()
                      for item in ([value] if isinstance(value, str) else value)])


def sign(auth_token: str, url: str, form: Form) -> str:
    return RequestValidator(auth_token).compute_signature(url, as_multidict(form))


def post_signed(target_url: str, form: Form, auth_token: str, *, signed_url: str | None = None,
                session: requests.Session | None = None, timeout: float = 30,
                extra_headers: Mapping[str, str] | None = None) -> requests.Response:
    """POST ``form`` to ``target_url`` with an X-Twilio-Signature computed over ``signed_url``
    (default: ``target_url``; pass the server's PUBLIC_BASE_URL + path when it has one)."""
    data = list(as_multidict(form).items(multi=True))
    headers = {"User-Agent": "TwilioProxy/1.1", **(extra_headers or {}),
               "X-Twilio-Signature": sign(auth_token, signed_url or target_url, form)}
    return (session or requests).post(target_url, data=data, headers=headers, timeout=timeout,
                                      allow_redirects=False)
