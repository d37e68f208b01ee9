import json

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/organisations",
    "/api/v1/organisations/{slug}",
    "/api/v1/municipalities",
    "/api/v1/municipalities/{number}",
    "/api/v1/counties",
    "/api/v1/target-groups",
    "/api/v1/themes",
    "/api/v1/activities",
    "/api/v1/activities/{id}",
    "/api/v1/occurrences",
    "/api/v1/arenas",
    "/api/v1/arenas/{id}",
    "/api/v1/arenas/{id}/report",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_openapi_document_describes_the_api(schema):
    assert schema["openapi"].startswith("3.")
    info = schema["info"]
    assert info["title"] == "Samskap API"
    assert info["version"] == "1.0"
    assert "NLOD 2.0" in info["description"]
    assert set(schema["paths"]) == PATHS


def test_every_operation_is_a_documented_get(schema):
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        operation = operations["get"]
        assert operation["summary"], path
        assert operation["description"], path
        assert operation["tags"], path
        assert "200" in operation["responses"], path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
    ids = [ops["get"]["operationId"] for ops in schema["paths"].values()]
    assert len(ids) == len(set(ids))


def test_every_reference_resolves(schema):
    components = schema["components"]["schemas"]
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in components, ref


def test_response_schemas_document_their_fields(schema):
    components = schema["components"]["schemas"]
    organisation = components["OrganisationOut"]["properties"]
    assert "contact_name" not in organisation
    undocumented = [
        name
        for name, prop in organisation.items()
        if "description" not in prop and name not in {"name"}
    ]
    assert undocumented == []
    page = components["PagedOrganisationOut"]["properties"]
    assert {"count", "next", "previous", "items"} <= set(page)
    listing = schema["paths"]["/api/v1/organisations"]["get"]
    page_size = next(p for p in listing["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 100
    assert {p["name"] for p in listing["parameters"]} == {
        "q",
        "county",
        "municipality",
        "kind",
        "target_group",
        "theme",
        "page",
        "page_size",
    }
    assert set(components["Kind"]["enum"]) >= {"library", "voluntary", "volunteer_centre"}


def test_there_is_no_docs_page_needing_outside_scripts(client):
    assert client.get("/api/v1/docs").status_code == 404
