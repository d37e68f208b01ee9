"""Factories for tests. They build valid objects through the models' own rules."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from samskap.activities.models import Activity, Language
from samskap.activities.recurrence import OSLO
from samskap.activities.services import activity_refresh_derived
from samskap.directory.models import Kind, Membership, Organisation, TargetGroup, Theme
from samskap.directory.orgnr import check_digit
from samskap.directory.services import organisation_search_values


def valid_org_number(n: int) -> str:
    """The n-th valid organisation number (starting at 900 000 000), skipping impossible ones."""
    base = 90_000_000 + n
    while True:
        first = str(base)
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
        base += 1


def _taxonomy(model, values):
    """Taxonomy terms from slugs (or the terms themselves)."""
    return [model.objects.get(slug=v) if isinstance(v, str) else v for v in values]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    name = factory.Faker("name", locale="no_NO")
    password = factory.django.Password("demo-passord-123")
    language = "nb"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Frivillig lag {n}")
    slug = factory.Sequence(lambda n: f"frivillig-lag-{n}")
    org_number = factory.Sequence(lambda n: valid_org_number(n * 7))
    kind = Kind.VOLUNTARY
    home_municipality_id = "4003"
    public = True
    description = "Et lag for alle som vil være med."

    @factory.post_generation
    def target_groups(obj: Organisation, create: bool, extracted: object, **kwargs: object) -> None:
        """`target_groups=["children", "seniors"]` (slugs) or TargetGroup objects."""
        if create and extracted:
            obj.target_groups.set(_taxonomy(TargetGroup, extracted))

    @factory.post_generation
    def themes(obj: Organisation, create: bool, extracted: object, **kwargs: object) -> None:
        """`themes=["reading"]` (slugs) or Theme objects."""
        if create and extracted:
            obj.themes.set(_taxonomy(Theme, extracted))

    @factory.post_generation
    def search(obj: Organisation, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            values = organisation_search_values(obj)
            Organisation.objects.filter(pk=obj.pk).update(**values)
            for field, value in values.items():
                setattr(obj, field, value)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


def _next_week_evening() -> "datetime.datetime":
    """18:00 in Oslo, seven days from today: always in the future, always a local evening."""
    day = timezone.localdate(timezone=OSLO) + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=OSLO)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A published one-off activity next week in Skien (4003, Telemark); pass `rrule=` (and
    `exdates=`) for a series. Occurrences and search columns are built as the services do."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    organiser = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Språkkafé {n}")
    description = "Vi snakker norsk sammen over en kopp kaffe."
    municipality_id = "4003"
    venue_name = "Skien bibliotek"
    street_address = "Henrik Ibsens gate 4"
    postal_code = "3724"
    postal_place = "Skien"
    start = factory.LazyFunction(_next_week_evening)
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    status = Activity.Status.PUBLISHED

    @factory.post_generation
    def target_groups(obj: Activity, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.target_groups.set(_taxonomy(TargetGroup, extracted))

    @factory.post_generation
    def themes(obj: Activity, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.themes.set(_taxonomy(Theme, extracted))

    @factory.post_generation
    def languages(obj: Activity, create: bool, extracted: object, **kwargs: object) -> None:
        """`languages=["nb", "uk"]` (codes)."""
        if create and extracted:
            obj.languages.set(_taxonomy(Language, extracted))

    @factory.post_generation
    def derived(obj: Activity, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            activity_refresh_derived(obj)


# --- activities: organiser side -------------------------------------------------------------


class LibraryFactory(OrganisationFactory):
    """A public library in Skien (4003, Telemark) unless told otherwise."""

    name = factory.Sequence(lambda n: f"Bibliotek {n}")
    slug = factory.Sequence(lambda n: f"bibliotek-{n}")
    kind = Kind.LIBRARY


class CoOrganiserFactory(factory.django.DjangoModelFactory):
    """An invitation to co-organise (pending unless `status=` says otherwise)."""

    class Meta:
        model = "activities.CoOrganiser"

    activity = factory.SubFactory(ActivityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = "pending"


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.SignUp"

    occurrence = factory.LazyFunction(
        lambda: ActivityFactory(signup="platform", capacity=10).occurrences.first()
    )
    name = factory.Faker("name", locale="no_NO")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.no")
    language = "nb"


# --- arenas ---------------------------------------------------------------------------------


def _arena_start() -> "datetime.datetime":
    """09:00 in Oslo, 30 days from today."""
    day = timezone.localdate(timezone=OSLO) + datetime.timedelta(days=30)
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=OSLO)


class ArenaFactory(factory.django.DjangoModelFactory):
    """A published digital co-creation arena in Telemark (40) a month ahead, open for
    registration now, with 30 places."""

    class Meta:
        model = "arenas.Arena"
        skip_postgeneration_save = True

    county_id = "40"
    title = factory.Sequence(lambda n: f"Samskapingsarena {n}")
    description = "Bibliotek, kultur, folkehelse og frivillighet møtes for å skape noe sammen."
    kind = "co_creation"
    format = "digital"
    video_url = "https://video.example.no/arena"
    starts_at = factory.LazyFunction(_arena_start)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    capacity = 30
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    registration_closes = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=1))
    status = "published"

    @factory.post_generation
    def hosts(obj, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.hosts.set(extracted)

    @factory.post_generation
    def questions(obj, create: bool, extracted: object, **kwargs: object) -> None:
        """`questions=["…", "…"]`; the default is two questions."""
        if not create:
            return
        texts = (
            extracted
            if extracted is not None
            else [
                "Hvordan kan biblioteket nå nye målgrupper?",
                "Hva kan vi skape sammen?",
            ]
        )
        for position, text in enumerate(texts):
            obj.questions.create(text=text, position=position)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration from a voluntary organisation in Skien."""

    class Meta:
        model = "arenas.Registration"

    arena = factory.SubFactory(ArenaFactory)
    name = factory.Faker("name", locale="no_NO")
    email = factory.Sequence(lambda n: f"arenadeltaker{n}@example.no")
    organisation = factory.SubFactory(OrganisationFactory)
    sector = factory.LazyAttribute(
        lambda o: o.organisation.sector if o.organisation else "voluntary"
    )
    municipality_id = "4003"
    status = "confirmed"
    language = "nb"
