import pytest

ROLES = (
    "anonymous",
    "outsider",
    "member",
    "org_admin",
    "coordinator",
    "other_coordinator",
    "platform_admin",
)


@pytest.fixture
def as_role(request, client, organisation):
    """Sign the test client in as one of ROLES (relative to `organisation`) and return the user."""

    def sign_in(role):
        if role == "anonymous":
            return None
        fixture = "user" if role == "outsider" else role
        person = request.getfixturevalue(fixture)
        client.force_login(person)
        return person

    return sign_in


@pytest.fixture
def private_organisation(organisation):
    """The fixture organisation without consent to a public profile."""
    organisation.public = False
    organisation.save(update_fields=["public"])
    return organisation
