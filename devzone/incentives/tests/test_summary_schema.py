"""The totals endpoint answers one object, and its schema says so (issue 12)."""

from __future__ import annotations

from drf_spectacular.generators import SchemaGenerator


def test_the_summary_schema_is_one_object_with_typed_totals():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ok = schema["paths"]["/api/v1/incentives/summary/"]["get"]["responses"]["200"]
    body = ok["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/IncentiveSummary"}
    summary = schema["components"]["schemas"]["IncentiveSummary"]
    assert summary["type"] == "object"
    assert summary["properties"]["by_year"]["type"] == "array"
    totals = schema["components"]["schemas"]["Totals"]["properties"]
    assert totals["disbursed"]["type"] == "string" and totals["enterprises"]["type"] == "integer"
