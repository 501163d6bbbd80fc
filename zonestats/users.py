"""Local accounts: who may change data, with salted password hashes and slowed guessing.

Viewers need no account. An ``analyst`` may upload documents, correct figures and use
the SQL console; an ``admin`` may also manage accounts. Passwords are hashed with
Argon2id (``argon2-cffi``: a random salt per hash, parameters stored in the hash), never
stored or logged in clear. Accounts live in one JSON file in the state folder, replaced
atomically; the app and the CLI are the only writers and an account change is rare.

Guessing is slowed per account name: after :data:`FREE_ATTEMPTS` wrong passwords in a
row, each further attempt must wait, doubling from :data:`FIRST_WAIT_SECONDS` up to
:data:`MAX_WAIT_SECONDS`. The failures are kept in the state folder, not in a browser
session, so opening a new session does not reset them; a right password does.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from zonestats.settings import Settings

ROLES = ("analyst", "admin")
FREE_ATTEMPTS = 5
FIRST_WAIT_SECONDS = 30.0
MAX_WAIT_SECONDS = 15 * 60.0
MIN_PASSWORD_CHARS = 8
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_HASHER = PasswordHasher()
# one writer at a time within a process (the app's sessions are threads)
_LOCK = threading.Lock()
# compared against when the name is unknown, so a wrong name costs what a wrong password does
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class UserError(ValueError):
    """An account that cannot be created or changed; the message says why."""


class TooManyAttempts(Exception):
    """Sign-in refused without checking the password: wait ``wait_seconds`` first."""

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(f"too many wrong passwords; try again in {int(wait_seconds) + 1} s")
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def may(self, role: str) -> bool:
        """Whether this account holds ``role`` (an admin holds analyst too)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _accounts_path(settings: Settings) -> Path:
    return settings.users_dir / "users.json"


def _failures_path(settings: Settings) -> Path:
    return settings.users_dir / "failed_sign_ins.json"


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _write(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(content, out, ensure_ascii=False, indent=1)
    os.chmod(tmp, 0o600)  # hashes are not secrets in clear, but nobody else needs them
    os.replace(tmp, path)


def add_user(settings: Settings, name: str, role: str, password: str, by: str = "operator") -> User:
    """Create or replace an account (its password and role)."""
    if not _NAME.match(name):
        raise UserError("a name is 1-64 letters, digits or _ . @ -")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    with _LOCK:
        accounts = _read(_accounts_path(settings))
        accounts[name] = {
            "role": role,
            "password_hash": _HASHER.hash(password),
            "changed_at": datetime.now(timezone.utc).isoformat(),
            "changed_by": by,
        }
        _write(_accounts_path(settings), accounts)
    return User(name, role)


def remove_user(settings: Settings, name: str) -> bool:
    with _LOCK:
        accounts = _read(_accounts_path(settings))
        if accounts.pop(name, None) is None:
            return False
        _write(_accounts_path(settings), accounts)
    return True


def list_users(settings: Settings) -> list[dict[str, str]]:
    """Accounts without their hashes."""
    return [
        {"name": name, "role": a["role"], "changed_at": a.get("changed_at", ""), "changed_by": a.get("changed_by", "")}
        for name, a in sorted(_read(_accounts_path(settings)).items())
    ]


def wait_before_attempt(failures: int) -> float:
    """Seconds an attempt must wait after ``failures`` wrong passwords in a row."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_SECONDS)


def authenticate(settings: Settings, name: str, password: str, now: datetime | None = None) -> User | None:
    """The account if the password is right, else None (and the failure counts).

    Raises :class:`TooManyAttempts` while the name must wait after repeated failures;
    the password is then not even checked, so waiting cannot be skipped by guessing.
    """
    now = now or datetime.now(timezone.utc)
    with _LOCK:
        failures = _read(_failures_path(settings))
    record = failures.get(name, {"count": 0, "last": None})
    if record["last"] is not None:
        ready_at = datetime.fromisoformat(record["last"]) + timedelta(seconds=wait_before_attempt(record["count"]))
        if now < ready_at:
            raise TooManyAttempts((ready_at - now).total_seconds())
    account = _read(_accounts_path(settings)).get(name)
    try:
        _HASHER.verify(account["password_hash"] if account else _DUMMY_HASH, password)
        ok = account is not None
    except (VerificationError, InvalidHashError):
        ok = False
    with _LOCK:
        failures = _read(_failures_path(settings))
        if ok:
            failures.pop(name, None)
        else:
            count = failures.get(name, {}).get("count", 0) + 1
            failures[name] = {"count": count, "last": now.isoformat()}
        _write(_failures_path(settings), failures)
    return User(name, account["role"]) if ok else None


def audit(settings: Settings, user: str, action: str, detail: dict[str, Any]) -> None:
    """Append who did what to ``users/audit.jsonl`` (uploads; corrections carry their
    author in their own record). One short line per write, appended."""
    line = json.dumps({"at": datetime.now(timezone.utc).isoformat(), "user": user, "action": action, **detail},
                      ensure_ascii=False)
    settings.users_dir.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(settings.users_dir / "audit.jsonl", "a", encoding="utf-8") as out:
        out.write(line + "\n")
