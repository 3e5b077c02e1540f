"""Analyst sign-in: salted PBKDF2 password hashes, never plain text, and throttled attempts.

Analysts are read from ``.streamlit/secrets.toml``::

    [analysts]
    lan = "pbkdf2_sha256$600000$<salt>$<hash>"

(or the file named by ``NTM_SECRETS``), or from the environment:
``NTM_ANALYSTS="lan:pbkdf2_sha256$…;minh:pbkdf2_sha256$…"``.
``python -m ntm add-analyst NAME`` writes a new entry to secrets.toml, a file created
readable by its owner only (0600). When the store is PostgreSQL (``NTM_STORE``), accounts
live in the store instead, so one account works on every replica.

Sign-in attempts are throttled per name and per client (``ntm.throttle``): growing locks
after repeated failures, refused without any password work while locked. A name that does
not exist costs the same PBKDF2 work as one that does, so the answer's timing does not tell
which names exist.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import math
import os
import secrets
import threading
import tomllib
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from .store import ROOT, Store
from .throttle import Throttle, for_store

ITERATIONS = 600_000
# At most one password check at a time per server process: sign-in attempts cannot take
# every core away from the people reading the dashboard.
_WORK = threading.BoundedSemaphore(1)


def secrets_path() -> Path:
    """Where analysts are configured: ``NTM_SECRETS`` or ``.streamlit/secrets.toml``."""
    return Path(os.environ.get("NTM_SECRETS") or ROOT / ".streamlit" / "secrets.toml")


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${_b64(salt)}${_b64(digest)}"


def _iterations(stored: str) -> int:
    try:
        algo, iterations, _, _ = stored.split("$")
        return int(iterations) if algo == "pbkdf2_sha256" else 0
    except ValueError:
        return 0


def verify(password: str, stored: str) -> bool:
    try:
        algo, iterations, salt, digest = stored.split("$")
        if algo != "pbkdf2_sha256":
            return False
        got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
        return hmac.compare_digest(got, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def analysts(secrets_file: Path | None = None) -> dict[str, str]:
    """Configured analysts: name → password hash (the shared store's accounts or secrets.toml,
    then NTM_ANALYSTS)."""
    found: dict[str, str] = {}
    store = Store() if secrets_file is None else None
    if store is not None and store.shared_accounts:
        found.update(store.accounts())
    secrets_file = secrets_file or secrets_path()
    if (store is None or not store.shared_accounts) and secrets_file.is_file():
        with open(secrets_file, "rb") as fh:
            found.update({str(k): str(v) for k, v in tomllib.load(fh).get("analysts", {}).items()})
    for entry in os.environ.get("NTM_ANALYSTS", "").split(";"):
        name, sep, digest = entry.strip().partition(":")
        if sep and name and digest:
            found[name] = digest
    return found


@dataclass(frozen=True)
class SignIn:
    """The answer to a sign-in: true when it succeeded; ``wait`` > 0 when refused as locked."""
    ok: bool
    wait: int = 0  # whole seconds until the next attempt is allowed

    def __bool__(self) -> bool:
        return self.ok


def _check(password: str, stored: str | None, work: int) -> bool:
    """The password against the stored hash, always doing `work` PBKDF2 iterations in all:
    a dummy hash for an unknown name, padding for a hash with fewer iterations."""
    own = _iterations(stored) if stored else 0
    ok = bool(stored) and verify(password, stored)
    if work > own:
        hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), b"\0" * 16, work - own)
    return ok


def sign_in(name: str, password: str, secrets_file: Path | None = None, client: str = "",
            throttle: Throttle | None = None) -> SignIn:
    """Check a name and password, throttled per name and per `client` (see :func:`client_key`)."""
    name = name.strip()
    configured = analysts(secrets_file)
    throttle = throttle or for_store(Store())
    attempt = throttle.begin(name, client)
    if attempt.wait > 0:
        return SignIn(False, math.ceil(attempt.wait))
    work = max([_iterations(h) for h in configured.values()] or [ITERATIONS])
    with _WORK:
        ok = _check(password, configured.get(name), work)
    if ok:
        throttle.succeeded(attempt, name)
    return SignIn(ok)


def _address(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def client_key(ip: str | None, headers: Mapping | None = None,
               session: MutableMapping | None = None) -> str:
    """Who is signing in, for throttling: the connection's address; when that is this machine or
    the private network (a reverse proxy), the address the proxy saw (the last
    ``X-Forwarded-For`` entry); failing both, one id per browser session."""
    addr = _address(ip)
    if addr is None or addr.is_private or addr.is_loopback:
        forwarded = ",".join(str(v) for k, v in (headers or {}).items() if str(k).lower() == "x-forwarded-for")
        last = _address(forwarded.split(",")[-1])
        if last is not None:
            return f"ip:{last}"
    if addr is not None:
        return f"ip:{addr}"
    if session is None:
        return ""
    return "session:" + session.setdefault("_signin_client", secrets.token_hex(16))


def _write_private(path: Path, text: str) -> None:
    """Replace a file with `text`, readable by its owner only from the moment it exists: written
    under a temporary name created 0600, then renamed over the old one."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def add_analyst(name: str, password: str, secrets_file: Path | None = None) -> None:
    """Add or replace an analyst: in the shared store when it keeps accounts (PostgreSQL), else
    in secrets.toml (other content is kept)."""
    if not name or not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValueError("analyst names use letters, digits, dot, dash or underscore")
    if len(password) < 8:
        raise ValueError("the password needs at least 8 characters")
    store = Store() if secrets_file is None else None
    if store is not None and store.shared_accounts:
        store.put_account(name, hash_password(password))
        return
    secrets_file = (secrets_file or secrets_path()).resolve()
    secrets_file.parent.mkdir(parents=True, exist_ok=True)
    lines = secrets_file.read_text(encoding="utf-8").splitlines() if secrets_file.exists() else []
    entry = f'{name} = "{hash_password(password)}"'
    if "[analysts]" not in lines:
        lines += ["", "[analysts]"]
    start = lines.index("[analysts]") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
    section = [ln for ln in lines[start:end] if not ln.split("=")[0].strip() == name]
    lines = lines[:start] + section + [entry] + lines[end:]
    _write_private(secrets_file, "\n".join(lines).strip() + "\n")
