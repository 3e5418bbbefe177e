"""Password hashing (argon2id through argon2-cffi) and the password rule."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
# Verified when the username is unknown, so that both cases take the same time.
_DUMMY_HASH = _hasher.hash("no such account: constant-time placeholder")


class PasswordRejected(ValueError):
    """The new password breaks the password rule."""


def check_rule(username: str, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(
            f"密码至少 {MIN_LENGTH} 个字符 / the password needs at least {MIN_LENGTH} characters"
        )
    if password.strip().lower() == username.strip().lower():
        raise PasswordRejected("密码不能与用户名相同 / the password must differ from the username")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; an absent hash still costs one verification."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
