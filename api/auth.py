"""Who may read and write: API keys from the settings, sent in the ``X-API-Key`` header.

* **Writes** (upload, delete) need the ``api_key`` setting's key. While no key
  is configured, writes are refused with **403** ``writes_disabled``: no
  credential could succeed, so it is not an authentication failure and
  retrying with a key would not help. A missing or wrong key is **401**
  ``unauthorized``.
* **Reads** are open unless ``read_api_key`` is set; then every read (JSON and
  HTML) needs that key or the write key, else 401. Browsers cannot add the
  header themselves, so a read-protected UI sits behind a proxy that adds it.

Keys are compared with :func:`hmac.compare_digest` (no timing leak) and never
logged, echoed or put in an error message.

>>> from pydantic import SecretStr
>>> key_matches("s3cret", SecretStr("s3cret")), key_matches("guess", SecretStr("s3cret")), key_matches(None, SecretStr("x"))
(True, False, False)
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader
from pydantic import SecretStr

from alueverkko.api.deps import SettingsDep
from alueverkko.errors import Unauthorized, WritesDisabled

API_KEY_HEADER = "X-API-Key"
_api_key = APIKeyHeader(name=API_KEY_HEADER, auto_error=False,
                        description="The write key (ALUEVERKKO_API_KEY), or the read key where reads are protected.")


def key_matches(given: str | None, secret: SecretStr | None) -> bool:
    """True when a key is configured, given, and equal (compared in constant time)."""
    if given is None or secret is None or not secret.get_secret_value():
        return False
    # Header values arrive decoded as Latin-1; encoding back gives the bytes the client sent,
    # so a key with non-ASCII characters sent as UTF-8 still matches.
    return hmac.compare_digest(given.encode("latin-1", "replace"), secret.get_secret_value().encode())


def require_write_key(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)] = None) -> None:
    if settings.api_key is None or not settings.api_key.get_secret_value():
        raise WritesDisabled("Writes are disabled: the server has no API key configured.", where=API_KEY_HEADER,
                             fix="Set ALUEVERKKO_API_KEY on the server, then send it in the X-API-Key header.")
    if not key_matches(key, settings.api_key):
        raise Unauthorized("Missing or wrong API key." if key else "This request needs the API key.",
                           where=API_KEY_HEADER, fix="Send the server's write key in the X-API-Key header.")


def require_read_key(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)] = None) -> None:
    if settings.read_api_key is None or not settings.read_api_key.get_secret_value():
        return
    if not (key_matches(key, settings.read_api_key) or key_matches(key, settings.api_key)):
        raise Unauthorized("Reading needs an API key on this server.", where=API_KEY_HEADER,
                           fix="Send the read key (or the write key) in the X-API-Key header.")


WriteAccess = Annotated[None, Depends(require_write_key)]
#: For ``APIRouter(dependencies=[READ_ACCESS])``: every route of the router needs read access.
READ_ACCESS = Depends(require_read_key)
