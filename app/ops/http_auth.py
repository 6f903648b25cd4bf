"""HTTP basic auth checked without leaking, through timing, which half of the credentials was wrong."""
from __future__ import annotations

import hmac

from werkzeug.datastructures import Authorization


def basic_auth_matches(auth: Authorization | None, username: str, password: str) -> bool:
    if auth is None or auth.type != "basic":
        return False
    # Both halves are compared every time.
    user_ok = hmac.compare_digest((auth.username or "").encode(), username.encode())
    password_ok = hmac.compare_digest((auth.password or "").encode(), password.encode())
    return user_ok and password_ok
