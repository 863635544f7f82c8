"""The OpenAPI schema: valid without a warning (as paperless-ngx checks its own),
and every operation documents the error answers its view gives."""

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def statuses(schema, method, path):
    return set(schema["paths"][path][method]["responses"])


def test_the_schema_is_valid_without_warnings(schema):
    assert schema["info"]["title"] == "DevZone API"
    assert len(schema["paths"]) > 100


def test_reads_document_what_they_answer(schema):
    # A list: bad filters (400), no token (401), a page past the end (404), throttled (429).
    assert statuses(schema, "get", "/api/v1/zones/") == {"200", "400", "401", "404", "429"}
    # A record: not in the caller's scope (404); nothing forbids a read.
    assert statuses(schema, "get", "/api/v1/zones/{id}/") == {"200", "401", "404", "429"}


def test_writes_document_refusals_and_stale_versions(schema):
    # A body in a media type the API does not read (415).
    assert statuses(schema, "post", "/api/v1/zones/") == {
        "201", "400", "401", "403", "415", "429",
    }  # fmt: skip
    for method in ("put", "patch"):
        assert statuses(schema, method, "/api/v1/zones/{id}/") == {
            "200", "400", "401", "403", "404", "412", "415", "428", "429",
        }  # fmt: skip
    # A record others refer to is not deleted (409); a service's refusal (400).
    assert statuses(schema, "delete", "/api/v1/zones/{id}/") == {
        "204", "400", "401", "403", "404", "409", "412", "428", "429",
    }  # fmt: skip
    # An action that takes no body can still be refused by its service (400).
    assert "400" in statuses(schema, "post", "/api/v1/projects/projects/{id}/baseline/")


def test_error_bodies_have_the_api_error_shapes(schema):
    get = schema["paths"]["/api/v1/zones/{id}/"]["get"]["responses"]
    assert get["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    put = schema["paths"]["/api/v1/zones/{id}/"]["put"]["responses"]
    assert put["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    assert put["412"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PreconditionFailed"
    }
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["PreconditionFailed"]["properties"].keys() >= {"detail", "changes"}


def test_views_declare_what_their_own_code_answers(schema):
    # The desk's dashboard refuses enterprise users (403) and a zone out of scope (404).
    assert {"403", "404"} <= statuses(schema, "get", "/api/v1/desk/requests/dashboard/")
    assert "403" in statuses(schema, "get", "/api/v1/incentives/policies/{id}/eligible/")
    # The public's tracking answers 404 to a wrong code or phone; open without login, it
    # still answers 401 to a revoked token.
    assert {"401", "404", "429"} <= statuses(schema, "post", "/api/v1/desk/public/track/")


def test_an_agent_s_items_not_applied_for_have_no_dates(schema):
    work_item = schema["components"]["schemas"]["WorkItem"]["properties"]
    assert work_item["applied_on"]["nullable"] is True
    assert work_item["due_on"]["nullable"] is True
