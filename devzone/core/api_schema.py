"""The API schema's error answers, documented once for every operation.

drf-spectacular documents an operation's success; this ``AutoSchema`` adds the
errors its view can give, derived from what the operation is: 400 when it writes
(a body, or a service's refusal: a deadline that cannot be met) or takes query
parameters, 401 when the view authenticates, 403 for writes (scope refusals and
the session's CSRF check), 404 when it names a record in its path or pages a
list, 409 when it deletes (a record others refer to), 412 and 428 when it takes
``If-Match``, 415 when it takes a body, 429 when the view is throttled. Answers a view's own code gives beyond these (a read refused
to an enterprise user, a record named in the query) are declared on the view
with ``errors(...)`` in its ``extend_schema(responses=…)``. Bodies have the
shapes ``core.api.exception_handler`` gives every error: ``{"detail": "…"}``
(a 412 adds ``current_version`` and ``changes``, a 409 ``protected_by``), and
for a 400 each field with its messages, a refusal without a field under
``detail``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="devzone.core.api_schema.Error",
    schema={
        "type": "object",
        "description": _("An error: what went wrong, in the caller's language."),
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
_VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="devzone.core.api_schema.ValidationError",
    schema={
        "type": "object",
        "description": _(
            "What was refused: each field with its messages, a refusal without a field under detail."
        ),
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {}},
                {"type": "object"},
                {"type": "string"},
                {"type": "boolean"},
            ]
        },
    },
)
_PRECONDITION_FAILED = ResolvedComponent(
    name="PreconditionFailed",
    type=ResolvedComponent.SCHEMA,
    object="devzone.core.api_schema.PreconditionFailed",
    schema={
        "type": "object",
        "description": _(
            "The record changed since it was read: its current version and the changes made "
            "meanwhile, when If-Match carried an older version."
        ),
        "properties": {
            "detail": {"type": "string"},
            "current_version": {"type": "string"},
            "changes": {
                "type": "array",
                "items": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        "required": ["detail"],
    },
)

_PROTECTED = ResolvedComponent(
    name="Protected",
    type=ResolvedComponent.SCHEMA,
    object="devzone.core.api_schema.Protected",
    schema={
        "type": "object",
        "description": _(
            "The record is not deleted while others refer to it: those the caller may see, named."
        ),
        "properties": {
            "detail": {"type": "string"},
            "protected_by": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["detail", "protected_by"],
    },
)

_ANSWERS = {
    400: (_VALIDATION_ERROR, _("The request was refused: see each field's messages.")),
    401: (_ERROR, _("No credentials, or a token that is invalid or revoked.")),
    403: (_ERROR, _("The caller may not do this here.")),
    404: (_ERROR, _("No such record in the caller's scope, or no such page.")),
    409: (_PROTECTED, _("Other records refer to this one: it is not deleted.")),
    412: (_PRECONDITION_FAILED, _("If-Match does not carry the record's current version.")),
    415: (_ERROR, _("The body is not in a media type the operation reads.")),
    428: (_ERROR, _("The write must carry If-Match with the record's version.")),
    429: (_ERROR, _("Too many requests: try again later.")),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error answers for a view's ``extend_schema(responses=…)``, in the shapes
    the schema documents everywhere: ``responses={200: …, **errors(403, 404)}``."""
    return {
        code: OpenApiResponse(_ANSWERS[code][0].ref, description=_ANSWERS[code][1])
        for code in codes
    }


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with every operation's error answers."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        for component, _description in _ANSWERS.values():
            registry.register_on_missing(component)
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self.error_statuses(operation):
            responses.setdefault(
                str(code), self._get_response_for_code(errors(code)[code], str(code))
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_statuses(self, operation: dict) -> list[int]:
        """The error statuses the operation's view gives, from what it is."""
        parameters = operation.get("parameters", [])
        located = {(p.get("in"), p.get("name")) for p in parameters}
        codes = []
        if self.method not in SAFE_METHODS or any(where == "query" for where, _n in located):
            codes.append(400)
        if self.view.get_authenticators():
            codes.append(401)
        if self.method not in SAFE_METHODS:
            codes.append(403)
        if any(where == "path" for where, _n in located) or (
            self._is_list_view() and self._get_paginator() is not None
        ):
            codes.append(404)
        if self.method == "DELETE":
            codes.append(409)
        if "requestBody" in operation:
            codes.append(415)
        if ("header", "If-Match") in located:
            codes += [412, 428]
        if self.view.get_throttles():
            codes.append(429)
        return codes


def enum_name_overrides() -> dict[str, str]:
    """drf-spectacular's ``ENUM_NAME_OVERRIDES``: the union of what every
    installed app's ``api.py`` declares under that name. Two apps naming one
    enum stop the schema, naming both."""
    from django.core.exceptions import ImproperlyConfigured

    from .routing import _submodule, devzone_apps

    overrides: dict[str, str] = {}
    origin: dict[str, str] = {}
    for config in devzone_apps():
        module = _submodule(config, "api")
        for name, choices in getattr(module, "ENUM_NAME_OVERRIDES", {}).items():
            if name in overrides:
                raise ImproperlyConfigured(
                    f"Enum name {name!r} is declared by {origin[name]} and {module.__name__}."  # type: ignore[union-attr]  # found on it
                )
            overrides[name], origin[name] = choices, module.__name__  # type: ignore[union-attr]  # found on it
    return overrides


class SchemaGenerator(SpectacularSchemaGenerator):
    """drf-spectacular's generator, with the enum names the apps declare (an
    app's names are its own edit, not a list in settings)."""

    def get_schema(self, request=None, public=False):
        from drf_spectacular.plumbing import _load_enum_name_overrides
        from drf_spectacular.settings import spectacular_settings

        overrides = enum_name_overrides()
        if overrides != spectacular_settings.ENUM_NAME_OVERRIDES:
            # Read settings are cached on the object: the apps' names replace them.
            spectacular_settings.ENUM_NAME_OVERRIDES = overrides  # type: ignore[attr-defined]  # a setting, read through __getattr__
            _load_enum_name_overrides.cache_clear()
        return super().get_schema(request=request, public=public)
