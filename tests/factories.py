"""Factories for tests. They build valid objects through the models' own rules."""

import factory
from django.contrib.auth import get_user_model

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
