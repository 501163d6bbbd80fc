"""Local accounts: salted hashes, roles, slowed guessing, and the CLI that creates them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from zonestats import users
from zonestats.cli import app as cli
from zonestats.settings import Settings

PASSWORD = "correct horse battery"


def test_password_is_stored_as_a_salted_hash_and_checked(home: Settings) -> None:
    users.add_user(home, "ana", "analyst", PASSWORD)
    users.add_user(home, "bo", "admin", PASSWORD)
    stored = (home.users_dir / "users.json").read_text(encoding="utf-8")
    assert PASSWORD not in stored
    hashes = [line for line in stored.splitlines() if "password_hash" in line]
    assert len(hashes) == 2 and hashes[0] != hashes[1]  # same password, different salts
    assert all("$argon2id$" in h for h in hashes)
    assert users.authenticate(home, "ana", PASSWORD) == users.User("ana", "analyst")
    assert users.authenticate(home, "ana", "wrong password") is None
    assert users.authenticate(home, "nobody", PASSWORD) is None


def test_roles() -> None:
    analyst, admin = users.User("a", "analyst"), users.User("b", "admin")
    assert analyst.may("analyst") and not analyst.may("admin")
    assert admin.may("analyst") and admin.may("admin")


def test_bad_accounts_are_refused(home: Settings) -> None:
    with pytest.raises(users.UserError, match="role"):
        users.add_user(home, "ana", "viewer", PASSWORD)
    with pytest.raises(users.UserError, match="at least"):
        users.add_user(home, "ana", "analyst", "short")
    with pytest.raises(users.UserError, match="name"):
        users.add_user(home, "../ana", "analyst", PASSWORD)


def test_five_wrong_passwords_slow_the_next_attempts(home: Settings) -> None:
    users.add_user(home, "ana", "analyst", PASSWORD)
    now = datetime(2026, 12, 7, 4, 0, tzinfo=timezone.utc)
    for i in range(users.FREE_ATTEMPTS):
        assert users.authenticate(home, "ana", f"guess {i}", now=now) is None
    # even the right password is refused until the wait is over, and it is not checked
    with pytest.raises(users.TooManyAttempts) as refused:
        users.authenticate(home, "ana", PASSWORD, now=now + timedelta(seconds=1))
    assert refused.value.wait_seconds == pytest.approx(users.FIRST_WAIT_SECONDS - 1)
    later = now + timedelta(seconds=users.FIRST_WAIT_SECONDS)
    assert users.authenticate(home, "ana", "guess 6", now=later) is None
    # the wait doubles after each further failure
    with pytest.raises(users.TooManyAttempts) as refused:
        users.authenticate(home, "ana", PASSWORD, now=later + timedelta(seconds=users.FIRST_WAIT_SECONDS))
    assert refused.value.wait_seconds == pytest.approx(users.FIRST_WAIT_SECONDS)
    again = later + timedelta(seconds=2 * users.FIRST_WAIT_SECONDS)
    assert users.authenticate(home, "ana", PASSWORD, now=again) == users.User("ana", "analyst")
    # a right password resets the count
    assert users.authenticate(home, "ana", "one slip", now=again) is None
    assert users.authenticate(home, "ana", PASSWORD, now=again) is not None


def test_unknown_names_are_slowed_too(home: Settings) -> None:
    now = datetime(2026, 12, 7, 4, 0, tzinfo=timezone.utc)
    for i in range(users.FREE_ATTEMPTS):
        assert users.authenticate(home, "ghost", f"guess {i}", now=now) is None
    with pytest.raises(users.TooManyAttempts):
        users.authenticate(home, "ghost", "guess", now=now)


def test_cli_reads_the_password_from_stdin_never_an_argument(home: Settings) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["users", "add", "ana", "--role", "admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert users.authenticate(home, "ana", PASSWORD) == users.User("ana", "admin")
    refused = runner.invoke(cli, ["users", "add", "bo", "--password", PASSWORD], input=PASSWORD + "\n")
    assert refused.exit_code != 0
    listed = runner.invoke(cli, ["users", "list"])
    assert "ana" in listed.output and "admin" in listed.output and "argon2" not in listed.output
    assert runner.invoke(cli, ["users", "add", "cy"], input="short\n").exit_code == 2
    assert runner.invoke(cli, ["users", "remove", "ana"]).exit_code == 0
    assert users.authenticate(home, "ana", PASSWORD) is None
