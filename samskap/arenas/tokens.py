"""The personal link of a registration: a signed token that names the registration and
expires 30 days after the arena ends.

The token carries the registration's id, its `token_key` (a new key makes every earlier link
invalid) and the expiry time; Django's signing makes it tamper-proof.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from .models import Registration

SALT = "samskap.arenas.registration"
VALID_AFTER_ARENA = datetime.timedelta(days=30)


class InvalidToken(Exception):
    """The link is malformed, tampered with, expired, or its registration is gone."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "bad", "expired" or "gone"


@dataclass(frozen=True)
class TokenPayload:
    registration_id: int
    key: str
    expires: int


def make_token(registration: Registration) -> str:
    expires = registration.arena.ends_at + VALID_AFTER_ARENA
    payload = {"r": registration.pk, "k": registration.token_key.hex, "e": int(expires.timestamp())}
    return signing.dumps(payload, salt=SALT, compress=False)


def read_token(token: str) -> TokenPayload:
    """The token's contents, checked for signature and expiry (`InvalidToken` otherwise)."""
    try:
        data = signing.loads(token, salt=SALT)
        payload = TokenPayload(
            registration_id=int(data["r"]), key=str(data["k"]), expires=int(data["e"])
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken("bad") from error
    if payload.expires < timezone.now().timestamp():
        raise InvalidToken("expired")
    return payload


def registration_from_token(token: str, *, arena_id: int | None = None) -> Registration:
    """The registration the personal link names (`InvalidToken` if none)."""
    payload = read_token(token)
    registration = (
        Registration.objects.select_related("arena__county", "organisation", "municipality")
        .filter(pk=payload.registration_id)
        .first()
    )
    if registration is None or registration.token_key.hex != payload.key:
        raise InvalidToken("gone")
    if arena_id is not None and registration.arena_id != arena_id:
        raise InvalidToken("bad")
    return registration
