"""Who is on an arena's live wall in this browser session.

A registered person is recognised after opening their personal link (the registration id is
kept in the session for that arena); anyone else joins with the arena's join code and gets a
random key. The key is the identity of their contributions and votes (one vote per person).
"""

import secrets
from dataclasses import dataclass

from django.http import HttpRequest

from .models import Arena, Registration

SESSION_KEY = "samskap_arenas"


@dataclass(frozen=True)
class Participant:
    key: str  # "r<registration id>", "s<random>" or "u<user id>"
    name: str
    registration_id: int | None = None


def _store(request: HttpRequest) -> dict[str, dict[str, object]]:
    data = request.session.get(SESSION_KEY)
    return data if isinstance(data, dict) else {}


def _save(request: HttpRequest, arena: Arena, entry: dict[str, object]) -> None:
    data = _store(request)
    data[str(arena.pk)] = entry
    request.session[SESSION_KEY] = data


def remember_registration(request: HttpRequest, registration: Registration) -> None:
    """Recognise this browser as `registration`'s person on its arena's pages."""
    _save(
        request,
        registration.arena,
        {"key": f"r{registration.pk}", "name": registration.name, "r": registration.pk},
    )


def join_with_code(request: HttpRequest, arena: Arena, *, name: str = "") -> Participant:
    """Let this browser take part on the wall without a registration."""
    current = participant_for(request, arena)
    if current is not None:
        return current
    key = f"s{secrets.token_urlsafe(12)}"
    _save(request, arena, {"key": key, "name": name.strip()[:150]})
    return Participant(key=key, name=name.strip()[:150])


def participant_for(request: HttpRequest, arena: Arena) -> Participant | None:
    """The participant this browser is for `arena`, if it joined or opened a personal link."""
    entry = _store(request).get(str(arena.pk))
    if not entry or not isinstance(entry.get("key"), str):
        return None
    registration = entry.get("r")
    return Participant(
        key=str(entry["key"]),
        name=str(entry.get("name") or ""),
        registration_id=registration if isinstance(registration, int) else None,
    )


def registration_for(request: HttpRequest, arena: Arena) -> Registration | None:
    """The registration this browser opened the personal link of, if still current."""
    participant = participant_for(request, arena)
    if participant is None or participant.registration_id is None:
        return None
    return (
        Registration.objects.filter(pk=participant.registration_id, arena=arena)
        .select_related("organisation", "municipality")
        .first()
    )
