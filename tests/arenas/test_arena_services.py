"""The services of arenas themselves: creating and editing with every validation rule (the
message and the field it lands on), the programme and questions saved with the arena,
publishing, and cancelling with its e-mails in each person's language."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samskap.activities.recurrence import OSLO
from samskap.arenas.models import Arena, Contribution, Question, Registration
from samskap.arenas.services import arenas as services
from samskap.arenas.services.arenas import ArenaData, ProgrammeItemData, QuestionData
from samskap.directory.models import Organisation
from samskap.places.models import County, Municipality
from tests.factories import ArenaFactory, OrganisationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate(timezone=OSLO) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=OSLO)


def valid_data(**changes: object) -> ArenaData:
    data = ArenaData(
        title="  Samskapingsarena   Telemark ",
        starts_at=at(30, 9),
        ends_at=at(30, 12),
        registration_opens=at(-1, 8),
        registration_closes=at(29, 12),
        capacity=40,
        kind=Arena.Kind.CO_CREATION,
        format=Arena.Format.DIGITAL,
        video_url="https://video.example.no/rom",
        programme=[
            ProgrammeItemData(title="Velkommen", starts_at=at(30, 9), ends_at=at(30, 9, 15)),
            ProgrammeItemData(title="Grupper", starts_at=at(30, 9, 15)),
        ],
        questions=[QuestionData(text="Hva kan vi skape sammen?"), QuestionData(text="Hvem?")],
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


@pytest.fixture
def telemark():
    return County.objects.get(number="40")


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    """The messages by field, in English (lazy messages are rendered here)."""
    with translation.override("en"):
        return excinfo.value.message_dict


# --- create -------------------------------------------------------------------------------


def test_create_saves_arena_programme_and_questions(telemark, coordinator, organisation):
    arena = services.arena_create(
        county=telemark, data=valid_data(hosts=[organisation]), by=coordinator
    )
    arena.refresh_from_db()
    assert arena.status == Arena.Status.DRAFT
    assert arena.title == "Samskapingsarena Telemark"
    assert arena.created_by == coordinator
    assert arena.county_id == "40"
    assert [o.pk for o in arena.hosts.all()] == [organisation.pk]
    assert [p.title for p in arena.programme.all()] == ["Velkommen", "Grupper"]
    assert [(q.text, q.position) for q in arena.questions.all()] == [
        ("Hva kan vi skape sammen?", 0),
        ("Hvem?", 1),
    ]


def test_create_can_publish_at_once(telemark, coordinator):
    arena = services.arena_create(county=telemark, data=valid_data(), by=coordinator, publish=True)
    assert arena.status == Arena.Status.PUBLISHED


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": at(30, 9)}, "ends_at", "The arena must end after it starts."),
        (
            {"registration_closes": at(-1, 8)},
            "registration_closes",
            "Registration must close after it opens.",
        ),
        (
            {"registration_closes": at(30, 13)},
            "registration_closes",
            "Registration must close before the arena ends.",
        ),
        ({"capacity": 0}, "capacity", "There must be at least one place."),
        ({"title": "   "}, "title", "Enter the title."),
        (
            {"format": Arena.Format.PHYSICAL, "video_url": "", "municipality_id": "4003"},
            "place_name",
            "A physical or hybrid arena needs a place: enter its name or address.",
        ),
        (
            {"format": Arena.Format.HYBRID, "place_name": "Skien bibliotek"},
            "municipality",
            "Choose the municipality where the arena is held.",
        ),
        (
            {
                "format": Arena.Format.PHYSICAL,
                "video_url": "",
                "place_name": "Tønsberg bibliotek",
                "municipality_id": "3905",
            },
            "municipality",
            "The place must be in the arena's county (Telemark).",
        ),
        (
            {"format": Arena.Format.PHYSICAL, "place_name": "Skien", "municipality_id": "4003"},
            "video_url",
            "Only a digital or hybrid arena has a video link. Choose the format, or remove it.",
        ),
        (
            {"access": Arena.Access.INVITED},
            "access",
            "Choose at least one invited organisation or sector, or open the arena.",
        ),
        (
            {"access": Arena.Access.INVITED, "invited_sectors": ["pirates"]},
            "invited_sectors",
            "Choose sectors from the list.",
        ),
        (
            {
                "programme": [
                    ProgrammeItemData(title="Pause", starts_at=at(30, 10), ends_at=at(30, 9))
                ]
            },
            "programme",
            "“Pause” must end after it starts.",
        ),
        ({"questions": [QuestionData(text="  ")]}, "questions", "A question cannot be empty."),
    ],
)
def test_create_rules(telemark, coordinator, changes, field, message):
    changes = dict(changes)
    if "municipality_id" in changes:
        changes["municipality"] = Municipality.objects.get(pk=changes.pop("municipality_id"))
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.arena_create(county=telemark, data=valid_data(**changes), by=coordinator)
    assert message in errors_of(excinfo)[field]
    assert not Arena.objects.exists()


def test_create_reports_every_problem_at_once(telemark, coordinator):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.arena_create(
            county=telemark,
            data=valid_data(ends_at=at(30, 8), capacity=0, access=Arena.Access.INVITED),
            by=coordinator,
        )
    assert set(errors_of(excinfo)) >= {"ends_at", "capacity", "access"}


def test_physical_arena_with_place_in_county(telemark, coordinator):
    skien = Municipality.objects.get(pk="4003")
    arena = services.arena_create(
        county=telemark,
        data=valid_data(
            format=Arena.Format.PHYSICAL,
            video_url="",
            street_address="Henrik Ibsens gate 4",
            municipality=skien,
        ),
        by=coordinator,
    )
    assert arena.municipality == skien
    assert arena.street_address == "Henrik Ibsens gate 4"


def test_digital_arena_drops_place(telemark, coordinator):
    arena = services.arena_create(
        county=telemark,
        data=valid_data(
            place_name="Skien bibliotek", municipality=Municipality.objects.get(pk="4003")
        ),
        by=coordinator,
    )
    assert arena.place_name == ""
    assert arena.municipality is None


def test_invited_arena_keeps_invitations(telemark, coordinator, organisation):
    arena = services.arena_create(
        county=telemark,
        data=valid_data(
            access=Arena.Access.INVITED,
            invited_organisations=[organisation],
            invited_sectors=["library", "voluntary"],
        ),
        by=coordinator,
    )
    assert list(arena.invited_organisations.all()) == [organisation]
    assert arena.invited_sectors == ["library", "voluntary"]
    opened = services.arena_update(arena=arena, data=valid_data(access=Arena.Access.OPEN))
    assert opened.invited_sectors == []
    assert not opened.invited_organisations.exists()


def test_inactive_host_is_refused(telemark, coordinator):
    gone = OrganisationFactory(status=Organisation.Status.INACTIVE, name="Nedlagt lag")
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.arena_create(county=telemark, data=valid_data(hosts=[gone]), by=coordinator)
    assert errors_of(excinfo)["hosts"] == ["Nedlagt lag is not active in the directory."]


# --- update -------------------------------------------------------------------------------


def test_capacity_not_below_confirmed(coordinator):
    arena = ArenaFactory(capacity=5)
    RegistrationFactory.create_batch(3, arena=arena)
    RegistrationFactory(arena=arena, status=Registration.Status.WAITLISTED)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.arena_update(arena=arena, data=valid_data(capacity=2))
    assert errors_of(excinfo)["capacity"] == [
        "3 people are confirmed, so there must be at least 3 places."
    ]
    arena.refresh_from_db()
    assert arena.capacity == 5
    services.arena_update(arena=arena, data=valid_data(capacity=3))
    arena.refresh_from_db()
    assert arena.capacity == 3


def test_update_keeps_county_and_status_and_updates_questions_in_place(coordinator):
    arena = ArenaFactory(questions=["Første", "Andre"])
    first, second = arena.questions.all()
    Contribution.objects.create(arena=arena, question=first, author_key="s1", text="Svar")
    services.arena_update(
        arena=arena,
        data=valid_data(
            questions=[
                QuestionData(text="Ny først"),
                QuestionData(text="Første, endret", pk=first.pk),
            ]
        ),
    )
    arena.refresh_from_db()
    assert arena.county_id == "40"
    assert arena.status == Arena.Status.PUBLISHED
    questions = list(arena.questions.all())
    assert [q.text for q in questions] == ["Ny først", "Første, endret"]
    assert questions[1].pk == first.pk
    assert not Question.objects.filter(pk=second.pk).exists()
    assert Contribution.objects.get().question_id == first.pk


def test_question_with_contributions_cannot_be_removed(coordinator):
    arena = ArenaFactory(questions=["Første"])
    question = arena.questions.get()
    Contribution.objects.create(arena=arena, question=question, author_key="s1", text="Svar")
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.arena_update(arena=arena, data=valid_data(questions=[QuestionData(text="Ny")]))
    assert errors_of(excinfo)["questions"] == [
        "“Første” has contributions on the wall and cannot be removed. Keep it, or change its text."
    ]
    assert list(arena.questions.values_list("text", flat=True)) == ["Første"]


def test_question_of_another_arena_is_not_touched(coordinator):
    other = ArenaFactory(questions=["Fremmed"])
    foreign = other.questions.get()
    arena = ArenaFactory(questions=[])
    services.arena_update(
        arena=arena, data=valid_data(questions=[QuestionData(text="Kapret", pk=foreign.pk)])
    )
    foreign.refresh_from_db()
    assert foreign.text == "Fremmed"
    assert list(arena.questions.values_list("text", flat=True)) == ["Kapret"]


def test_update_replaces_programme(coordinator):
    arena = ArenaFactory()
    services.arena_update(arena=arena, data=valid_data())
    services.arena_update(
        arena=arena,
        data=valid_data(programme=[ProgrammeItemData(title="Bare én", starts_at=at(30, 10))]),
    )
    assert list(arena.programme.values_list("title", flat=True)) == ["Bare én"]


def test_failed_update_saves_nothing(coordinator):
    arena = ArenaFactory(title="Før", questions=["Q"])
    with pytest.raises(ValidationError):
        services.arena_update(
            arena=arena,
            data=valid_data(
                title="Etter",
                questions=[QuestionData(text="Ny")],
                programme=[ProgrammeItemData(title="X", starts_at=at(30, 10), ends_at=at(30, 9))],
            ),
        )
    arena.refresh_from_db()
    assert arena.title == "Før"
    assert list(arena.questions.values_list("text", flat=True)) == ["Q"]


def test_default_questions_are_the_four_of_2021():
    with translation.override("en"):
        texts = [str(q) for q in services.DEFAULT_QUESTIONS]
    assert len(texts) == 4
    assert texts[0].startswith("How can libraries reach new target groups")
    assert texts[3] == "What can we co-create and develop together?"


# --- publish and cancel -------------------------------------------------------------------


def test_publish_draft(coordinator):
    arena = ArenaFactory(status=Arena.Status.DRAFT)
    services.arena_publish(arena=arena, by=coordinator)
    arena.refresh_from_db()
    assert arena.status == Arena.Status.PUBLISHED


def test_cancelled_cannot_be_published(coordinator):
    arena = ArenaFactory(status=Arena.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.arena_publish(arena=arena, by=coordinator)


def test_cancel_requires_reason_and_published(coordinator):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.arena_cancel(arena=ArenaFactory(), by=coordinator, reason="  ")
    assert errors_of(excinfo)["reason"] == ["Tell the participants why."]
    with pytest.raises(ValidationError):
        services.arena_cancel(
            arena=ArenaFactory(status=Arena.Status.DRAFT), by=coordinator, reason="Sykdom"
        )


def test_cancel_emails_confirmed_and_waitlisted_in_their_language(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    arena = ArenaFactory(title="Samskaping i Skien", wall_open=True)
    RegistrationFactory(arena=arena, email="bokmal@example.no", language="nb")
    RegistrationFactory(
        arena=arena,
        email="nynorsk@example.no",
        language="nn",
        status=Registration.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    RegistrationFactory(arena=arena, email="gone@example.no", status=Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.arena_cancel(arena=arena, by=coordinator, reason="Sykdom   i staben")
    arena.refresh_from_db()
    assert arena.status == Arena.Status.CANCELLED
    assert arena.cancel_reason == "Sykdom i staben"
    assert arena.wall_open is False
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_recipient) == ["bokmal@example.no", "nynorsk@example.no"]
    bokmal, nynorsk = by_recipient["bokmal@example.no"], by_recipient["nynorsk@example.no"]
    assert "Samskaping i Skien" in bokmal.subject
    assert "Sykdom i staben" in bokmal.body
    assert f"8000/arenaer/{arena.pk}/" in bokmal.body
    weekday_nb = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
    weekday_nn = ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"]
    weekday = timezone.localtime(arena.starts_at).weekday()
    assert weekday_nb[weekday] in bokmal.body
    assert weekday_nn[weekday] in nynorsk.body
    assert f"/nn/arenaer/{arena.pk}/" in nynorsk.body
    assert "Sykdom i staben" in nynorsk.body


def test_cancel_twice_sends_once(coordinator, django_capture_on_commit_callbacks, mailoutbox):
    arena = ArenaFactory()
    RegistrationFactory(arena=arena)
    with django_capture_on_commit_callbacks(execute=True):
        services.arena_cancel(arena=arena, by=coordinator, reason="Sykdom")
        services.arena_cancel(arena=arena, by=coordinator, reason="Igjen")
    assert len(mailoutbox) == 1
    arena.refresh_from_db()
    assert arena.cancel_reason == "Sykdom"


def test_cancel_email_in_bokmal_wording(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    arena = ArenaFactory(title="Nettverksmøte")
    RegistrationFactory(arena=arena, language="nb", name="Kari Nordmann")
    with django_capture_on_commit_callbacks(execute=True):
        services.arena_cancel(arena=arena, by=coordinator, reason="Sykdom")
    (message,) = mailoutbox
    with translation.override("nb"):
        expected = translation.gettext("Cancelled: %(title)s") % {"title": "Nettverksmøte"}
    assert message.subject == f"[Samskap] {expected}"
    assert "Kari Nordmann" in message.body


def test_cancel_email_in_nynorsk_wording(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    arena = ArenaFactory(title="Nettverksmøte")
    RegistrationFactory(arena=arena, language="nn")
    with django_capture_on_commit_callbacks(execute=True):
        services.arena_cancel(arena=arena, by=coordinator, reason="Sjukdom")
    (message,) = mailoutbox
    assert message.subject == "[Samskap] Avlyst: Nettverksmøte"
    assert "avlyst" in message.body
    assert "ikkje" in message.body  # "Du treng ikkje gjere noko."
    assert "påmeld til" in message.body
