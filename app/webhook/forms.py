"""The two forms Twilio posts to us, validated field by field (every byte of them is hostile).

Twilio sends many more fields than we read (SmsSid, WaId, MessageType, ApiVersion, ChannelMetadata, ...);
unknown fields are kept in the stored raw webhook but never trusted.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

# Twilio SIDs are two letters and 32 hex digits: SM/MM for messages, AC for accounts, ME for media.
MESSAGE_SID = r"^(SM|MM)[0-9a-f]{32}$"
ACCOUNT_SID = r"^AC[0-9a-f]{32}$"
WHATSAPP_ADDRESS = re.compile(r"^whatsapp:(\+[1-9][0-9]{6,14})$")
# WhatsApp caps a text message at 4,096 characters; Twilio caps inbound attachments at 10.
BODY_MAX = 4096
MEDIA_MAX = 10
URL_MAX = 2048
PROFILE_NAME_MAX = 255

_MEDIA_FIELD = re.compile(r"^Media(?:Url|ContentType)([0-9]+)$")

WhatsAppAddress = Annotated[str, StringConstraints(pattern=WHATSAPP_ADDRESS.pattern)]


class FormError(ValueError):
    """The form is not one Twilio would send; the message says which field, never echoes its value."""


class Attachment(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    url: str
    content_type: str


class InboundMessage(BaseModel):
    """``POST /webhooks/twilio/whatsapp``: one WhatsApp message from a user."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    message_sid: str = Field(alias="MessageSid", pattern=MESSAGE_SID)
    account_sid: str = Field(alias="AccountSid", pattern=ACCOUNT_SID)
    from_: WhatsAppAddress = Field(alias="From")
    to: WhatsAppAddress = Field(alias="To")
    body: str = Field("", alias="Body", max_length=BODY_MAX)
    profile_name: str | None = Field(None, alias="ProfileName", max_length=PROFILE_NAME_MAX)
    num_media: int = Field(0, alias="NumMedia", ge=0, le=MEDIA_MAX)
    attachments: tuple[Attachment, ...] = ()

    @field_validator("body", "profile_name")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        # PostgreSQL text cannot hold NUL, and no real message contains one.
        if value is not None and "\x00" in value:
            raise ValueError("contains NUL")
        return value

    @property
    def sender_number(self) -> str:
        """The user's number in E.164 (``+15551234567``), without the ``whatsapp:`` prefix."""
        return self.from_.removeprefix("whatsapp:")

    @property
    def profile_name_clean(self) -> str | None:
        name = " ".join((self.profile_name or "").split())
        return name or None


class StatusCallback(BaseModel):
    """``POST /webhooks/twilio/status``: delivery progress of a message we sent."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    message_sid: str = Field(alias="MessageSid", pattern=MESSAGE_SID)
    status: str = Field(alias="MessageStatus", pattern=r"^[a-z_]{2,20}$")
    error_code: int | None = Field(None, alias="ErrorCode", ge=0, le=9_999_999)


def _single(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name) or []
    if len(values) > 1:
        raise FormError(f"{name} given more than once")
    return values[0] if values else None


def _attachments(form: Mapping[str, list[str]], num_media: int) -> tuple[Attachment, ...]:
    found = []
    for index in range(num_media):
        url = _single(form, f"MediaUrl{index}")
        content_type = _single(form, f"MediaContentType{index}")
        if not url or not content_type:
            raise FormError(f"NumMedia is {num_media} but MediaUrl{index}/MediaContentType{index} is missing")
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > URL_MAX:
            raise FormError(f"MediaUrl{index} is not an http(s) URL")
        if len(content_type) > 100 or not re.match(r"^[\w.+-]+/[\w.+-]+$", content_type):
            raise FormError(f"MediaContentType{index} is not a media type")
        found.append(Attachment(index=index, url=url, content_type=content_type.lower()))
    for name in form:
        numbered = _MEDIA_FIELD.match(name)
        if numbered and int(numbered.group(1)) >= num_media:
            raise FormError(f"{name} given beyond NumMedia={num_media}")
    return tuple(found)


def _errors(exc: ValidationError) -> str:
    # Field names and reasons only: the offending input may be anything.
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_input=False))


def parse_inbound(form: Mapping[str, list[str]]) -> InboundMessage:
    """Validate an inbound-message form (``{name: [values]}``) or raise :class:`FormError`."""
    names = ("MessageSid", "AccountSid", "From", "To", "Body", "ProfileName", "NumMedia")
    fields = {name: value for name in names if (value := _single(form, name)) is not None}
    raw_count = fields.get("NumMedia", "0")
    if not re.fullmatch(r"\d{1,2}", raw_count):
        raise FormError("NumMedia is not a small non-negative integer")
    try:
        message = InboundMessage.model_validate(fields)
    except ValidationError as exc:
        raise FormError(_errors(exc)) from None
    return message.model_copy(update={"attachments": _attachments(form, message.num_media)})


def parse_status(form: Mapping[str, list[str]]) -> StatusCallback:
    fields = {name: _single(form, name) for name in ("MessageSid", "MessageStatus", "ErrorCode")}
    fields = {k: v for k, v in fields.items() if v not in (None, "")}
    try:
        return StatusCallback.model_validate(fields)
    except ValidationError as exc:
        raise FormError(_errors(exc)) from None
