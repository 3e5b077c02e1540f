"""Analyst sign-in: salted PBKDF2 password hashes, never plain text.

Analysts are read from ``.streamlit/secrets.toml``::

    [analysts]
    lan = "pbkdf2_sha256$600000$<salt>$<hash>"

(or the file named by ``NTM_SECRETS``), or from the environment:
``NTM_ANALYSTS="lan:pbkdf2_sha256$…;minh:pbkdf2_sha256$…"``.
``python -m ntm add-analyst NAME`` writes a new entry to secrets.toml.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tomllib
from pathlib import Path

from .store import ROOT

ITERATIONS = 600_000


def secrets_path() -> Path:
    """Where analysts are configured: ``NTM_SECRETS`` or ``.streamlit/secrets.toml``."""
    return Path(os.environ.get("NTM_SECRETS") or ROOT / ".streamlit" / "secrets.toml")


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    enc = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"pbkdf2_sha256${iterations}${enc(salt)}${enc(digest)}"


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
    """Configured analysts: name → password hash (secrets.toml, then NTM_ANALYSTS)."""
    found: dict[str, str] = {}
    secrets_file = secrets_file or secrets_path()
    if secrets_file.is_file():
        with open(secrets_file, "rb") as fh:
            found.update({str(k): str(v) for k, v in tomllib.load(fh).get("analysts", {}).items()})
    for entry in os.environ.get("NTM_ANALYSTS", "").split(";"):
        name, sep, digest = entry.strip().partition(":")
        if sep and name and digest:
            found[name] = digest
    return found


def sign_in(name: str, password: str, secrets_file: Path | None = None) -> bool:
    stored = analysts(secrets_file).get(name.strip())
    return bool(stored) and verify(password, stored)


def add_analyst(name: str, password: str, secrets_file: Path | None = None) -> None:
    """Add or replace an analyst in secrets.toml (other content is kept)."""
    if not name or not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValueError("analyst names use letters, digits, dot, dash or underscore")
    if len(password) < 8:
        raise ValueError("the password needs at least 8 characters")
    secrets_file = secrets_file or secrets_path()
    secrets_file.parent.mkdir(parents=True, exist_ok=True)
    lines = secrets_file.read_text(encoding="utf-8").splitlines() if secrets_file.exists() else []
    entry = f'{name} = "{hash_password(password)}"'
    if "[analysts]" not in lines:
        lines += ["", "[analysts]"]
    start = lines.index("[analysts]") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
    section = [ln for ln in lines[start:end] if not ln.split("=")[0].strip() == name]
    lines = lines[:start] + section + [entry] + lines[end:]
    secrets_file.write_text("\n".join(lines).strip() + "\n", encoding="utf-8")
    os.chmod(secrets_file, 0o600)
