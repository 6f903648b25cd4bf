"""A fake OpenAI API: a real HTTP server on 127.0.0.1 that the real ``openai`` client talks to.

Tests script what the "model" answers and then inspect what the client sent::

    fake = FakeOpenAI()                       # or the ``fake_openai`` pytest fixture
    fake.push_json({"vendor": "ACME", ...})   # next answer: this object as the message content
    fake.push_tool_calls([{"name": "search_invoices", "arguments": {"vendor": "Shell"}}])
    fake.push_error(500)                      # next answer: HTTP 500 with an OpenAI error body
    client = fake.client()                    # openai.OpenAI(base_url=fake.base_url, api_key=fake.api_key)
    ...
    fake.requests[-1].json["messages"]        # what was sent, parsed; .headers too

Answers are served in the order pushed, one per request to ``POST /v1/chat/completions`` (also
``/chat/completions``). A request with nothing queued gets a 500 and is counted in ``unscripted``.
Every answer carries ``usage`` (prompt/completion tokens, settable per answer).
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

DEFAULT_API_KEY = "sk-fake-openai-test-key"
_PATHS = ("/v1/chat/completions", "/chat/completions")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: Any

    @property
    def messages(self) -> list[dict]:
        return (self.json or {}).get("messages", [])

    @property
    def model(self) -> str | None:
        return (self.json or {}).get("model")

    @property
    def tools(self) -> list[dict]:
        return (self.json or {}).get("tools", [])

    def content_parts(self, type_: str) -> list[dict]:
        """Every content part of the given type (``text``, ``image_url``) across all messages."""
        parts = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, list):
                parts.extend(p for p in content if isinstance(p, dict) and p.get("type") == type_)
        return parts


@dataclass
class ScriptedAnswer:
    status: int = 200
    message: dict = field(default_factory=dict)
    finish_reason: str = "stop"
    prompt_tokens: int = 100
    completion_tokens: int = 20
    model: str | None = None  # None: echo the requested model
    delay: float = 0.0
    raw_body: bytes | None = None  # sent verbatim instead of a chat.completion (for broken bodies)
    headers: dict[str, str] = field(default_factory=dict)


class FakeOpenAI:
    def __init__(self, *, api_key: str = DEFAULT_API_KEY, require_api_key: bool = True):
        self.api_key = api_key
        self.require_api_key = require_api_key
        self.requests: list[RecordedRequest] = []
        self.unscripted = 0
        self._queue: deque[ScriptedAnswer] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-openai", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def last_request(self) -> RecordedRequest:
        return self.requests[-1]

    @property
    def pending(self) -> int:
        return len(self._queue)

    def client(self, **kwargs):
        """A real ``openai.OpenAI`` client pointed at this server (no retries unless asked)."""
        import openai

        kwargs.setdefault("max_retries", 0)
        kwargs.setdefault("timeout", 10.0)
        return openai.OpenAI(api_key=self.api_key, base_url=self.base_url, **kwargs)

    # -- scripting ---------------------------------------------------------------------------------

    def push_content(self, content: str | None, *, prompt_tokens: int = 100, completion_tokens: int = 20,
                     finish_reason: str = "stop", model: str | None = None, delay: float = 0.0) -> None:
        """Next answer: an assistant message with this text content."""
        self._push(ScriptedAnswer(message={"role": "assistant", "content": content, "refusal": None},
                                  finish_reason=finish_reason, prompt_tokens=prompt_tokens,
                                  completion_tokens=completion_tokens, model=model, delay=delay))

    def push_json(self, payload: Any, **kwargs) -> None:
        """Next answer: ``payload`` serialised as the message content (structured output)."""
        self.push_content(json.dumps(payload), **kwargs)

    def push_tool_calls(self, calls: list[dict], *, content: str | None = None, prompt_tokens: int = 100,
                        completion_tokens: int = 20, model: str | None = None, delay: float = 0.0) -> None:
        """Next answer: tool calls. Each call is ``{"name": str, "arguments": dict | str, "id"?: str}``."""
        tool_calls = []
        for call in calls:
            arguments = call.get("arguments", {})
            tool_calls.append({
                "id": call.get("id") or f"call_fake_{next(self._ids)}",
                "type": "function",
                "function": {"name": call["name"],
                             "arguments": arguments if isinstance(arguments, str) else json.dumps(arguments)},
            })
        self._push(ScriptedAnswer(
            message={"role": "assistant", "content": content, "refusal": None, "tool_calls": tool_calls},
            finish_reason="tool_calls", prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            model=model, delay=delay))

    def push_refusal(self, refusal: str = "I can't help with that.", **kwargs) -> None:
        self._push(ScriptedAnswer(message={"role": "assistant", "content": None, "refusal": refusal}, **kwargs))

    def push_error(self, status: int = 500, message: str = "The server had an error.", *,
                   error_type: str = "server_error", code: str | None = None, delay: float = 0.0) -> None:
        """Next answer: an HTTP error with OpenAI's error body. ``retry-after-ms: 1`` keeps client
        retries instant."""
        body = json.dumps({"error": {"message": message, "type": error_type, "param": None, "code": code}})
        self._push(ScriptedAnswer(status=status, raw_body=body.encode(), delay=delay,
                                  headers={"retry-after-ms": "1"}))

    def push_raw(self, body: bytes | str, *, status: int = 200, content_type: str = "application/json") -> None:
        """Next answer: these exact bytes (e.g. a truncated or non-JSON body)."""
        self._push(ScriptedAnswer(status=status, raw_body=body.encode() if isinstance(body, str) else body,
                                  headers={"content-type": content_type}))

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.unscripted = 0

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _push(self, answer: ScriptedAnswer) -> None:
        with self._lock:
            self._queue.append(answer)

    # -- serving -----------------------------------------------------------------------------------

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        try:
            body = json.loads(request.get_data() or b"null")
        except ValueError:
            body = None
        recorded = RecordedRequest(request.method, request.path, dict(request.headers), body)
        with self._lock:
            self.requests.append(recorded)
        return self._answer(request, recorded)(environ, start_response)

    def _answer(self, request: Request, recorded: RecordedRequest) -> Response:
        if request.method != "POST" or request.path not in _PATHS:
            return _error(404, f"Unknown path {request.path}", "invalid_request_error")
        if self.require_api_key and request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        if not isinstance(recorded.json, dict) or "messages" not in recorded.json:
            return _error(400, "Request body must be JSON with messages.", "invalid_request_error")
        if recorded.json.get("stream"):
            return _error(400, "The fake OpenAI server does not stream.", "invalid_request_error")
        with self._lock:
            answer = self._queue.popleft() if self._queue else None
            if answer is None:
                self.unscripted += 1
        if answer is None:
            return _error(500, "fake OpenAI: no response queued for this request", "server_error")
        if answer.delay:
            time.sleep(answer.delay)
        if answer.raw_body is not None:
            headers = {"content-type": "application/json", **answer.headers}
            return Response(answer.raw_body, status=answer.status, headers=headers)
        payload = {
            "id": f"chatcmpl-fake-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": answer.model or recorded.json.get("model") or "gpt-fake",
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": answer.message, "logprobs": None,
                         "finish_reason": answer.finish_reason}],
            "usage": {"prompt_tokens": answer.prompt_tokens, "completion_tokens": answer.completion_tokens,
                      "total_tokens": answer.prompt_tokens + answer.completion_tokens},
        }
        return Response(json.dumps(payload), status=answer.status, content_type="application/json",
                        headers=answer.headers)


def _error(status: int, message: str, error_type: str, code: str | None = None) -> Response:
    body = {"error": {"message": message, "type": error_type, "param": None, "code": code}}
    return Response(json.dumps(body), status=status, content_type="application/json")
