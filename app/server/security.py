"""Password hashes (Argon2id), opaque tokens, and signed expiring media URLs."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 20 ms a
# hash here, so 50 trainees of a training centre logging in at once wait under a second
# (bench/bench_server.py); argon2-cffi's default (64 MiB, 3 passes) gave 7 logins a second
# on this 2-core machine. Hashes carry their parameters, so older ones still verify and are
# upgraded at the next login (needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the login name is unknown, so that both cases take as long.
_DUMMY_HASH = _hasher.hash("cedu-no-such-account")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Only digests are stored: a copied database does not hand out live tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


def load_or_create_secret(data_dir: Path) -> str:
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(secret)
    tmp.chmod(0o600)
    tmp.replace(path)
    return secret


def media_signature(secret: str, lesson_id: int, expires: int) -> str:
    message = f"media:{lesson_id}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def media_signature_valid(secret: str, lesson_id: int, expires: int, signature: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII strings with a TypeError (a 500
    # for a mangled link; found by the fuzz test).
    expected = media_signature(secret, lesson_id, expires).encode()
    return hmac.compare_digest(expected, signature.encode("utf-8", "surrogateescape"))
