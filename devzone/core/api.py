"""The REST API's shared machinery (scoped viewsets, ETag / If-Match) and the
registry's endpoints."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS as DJANGO_NON_FIELD_ERRORS
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, MethodNotAllowed, PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator
from rest_framework.views import exception_handler as drf_exception_handler

from .masking import PERSONAL_FIELDS, masked_for, staff_only_fields
from .models import (
    ChainMember,
    Enterprise,
    IndustryChain,
    Notification,
    Region,
    TrackedModel,
    Zone,
)
from .resources import discover, get_resource, voided_filter
from .scoping import assignee_choices, assignee_errors, can_create, creatable_zones, scope_of
from .services import (
    EditConflict,
    notifications_mark_read,
    record_delete,
    record_save,
    record_void,
)

if TYPE_CHECKING:
    from django_filters import FilterSet

T = TypeVar("T")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record changed since you read it.")
    default_code = "precondition_failed"


class ScopedUniqueValidator(UniqueValidator):
    """As the forms do (``forms.hide_unseen_duplicates``): a duplicate the
    caller may not see is refused without saying that it exists."""

    def __call__(self, value, serializer_field):
        try:
            super().__call__(value, serializer_field)
        except serializers.ValidationError:
            request = serializer_field.context.get("request")
            name = serializer_field.source_attrs[-1]
            seen = self.queryset.model.objects.visible_to(getattr(request, "user", None))
            seen = self.filter_queryset(value, seen, name)
            instance = getattr(serializer_field.parent, "instance", None)
            if instance is not None:
                seen = self.exclude_current_instance(seen, instance)
            if seen.exists():
                raise
            label = self.queryset.model._meta.get_field(name).verbose_name
            raise serializers.ValidationError(
                _("This %(field)s cannot be used.") % {"field": label}, code="unique"
            ) from None


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send If-Match with the ETag of the record you read, so that no one's change is lost."
    )
    default_code = "precondition_required"


def _many_to_many(model, data: dict) -> dict:
    """Take the many-to-many values out of ``data``: they are set once the row exists."""
    names = {f.name for f in model._meta.many_to_many}
    return {name: data.pop(name) for name in list(data) if name in names}


class Protected(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records refer to this one; it cannot be deleted.")
    default_code = "protected"


def api_error(exc, user=None):
    """The API's answer to a refusal raised below it (a service, ``record_save``,
    ``record_delete``, a model's ``clean()``): the one mapping every endpoint
    and action shares, so that each kind of refusal has one shape everywhere.

    - Django's ``ValidationError``: 400, each field with its messages, a
      refusal without a field under ``detail``;
    - Django's ``PermissionDenied``: 403 with its own message, or a general one;
    - ``EditConflict``: 412 with the record's current version and the changes since;
    - ``ProtectedError``: 409 naming the records (those ``user`` may see) that
      refer to the one being deleted.

    Anything else is returned as it is."""
    if isinstance(exc, DjangoValidationError):
        if not hasattr(exc, "error_dict"):
            return serializers.ValidationError({"detail": exc.messages})
        return serializers.ValidationError(
            {
                "detail" if name == DJANGO_NON_FIELD_ERRORS else name: messages
                for name, messages in exc.message_dict.items()
            }
        )
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied(str(exc) or _("You may not change this record."))
    if isinstance(exc, EditConflict):
        return PreconditionFailed(
            {
                "detail": str(PreconditionFailed.default_detail),
                "current_version": exc.current_version,  # type: ignore[dict-item]  # a number in the answer
                "changes": [{k: str(v) for k, v in c.items()} for c in exc.changes],
            }
        )
    if isinstance(exc, ProtectedError):
        # A few names say enough; thousands of referring rows are not each checked.
        referring = islice(exc.protected_objects, 20)
        names = sorted({str(o) for o in referring if _may_see(user, o)})[:5]
        detail: str | Promise = Protected.default_detail
        if names:
            detail = _("Other records refer to this one; it cannot be deleted: %(names)s.") % {
                "names": "、".join(names)
            }
        return Protected({"detail": str(detail), "protected_by": names})
    return exc


def _may_see(user, obj) -> bool:
    model = type(obj)
    if not hasattr(model, "scope_rule"):
        return False
    return model.objects.visible_to(user).filter(pk=obj.pk).exists()


def carry_out(service: Callable[..., T], **kwargs: Any) -> T:
    """Call a service for an API action (``carry_out(services.convert_lead,
    lead=lead, user=request.user)``); its refusals become the API's answers
    (``api_error``), the records it names read as ``user`` (the service's own
    ``user`` argument) may see them."""
    try:
        return service(**kwargs)
    except (DjangoValidationError, DjangoPermissionDenied, EditConflict, ProtectedError) as exc:
        raise api_error(exc, kwargs.get("user")) from exc


def exception_handler(exc, context):
    """Every API answer to an error, in the shapes ``api_schema`` documents: an
    object with ``detail`` saying what went wrong (a 412 adds ``current_version``
    and ``changes``, a 409 ``protected_by``); a 400 has each field with its
    messages, and a refusal without a field (a service's, a serializer's
    ``validate()``, DRF's search refusing a null character) under ``detail``.
    Refusals raised below the API (Django's ``ValidationError`` and
    ``PermissionDenied``, ``EditConflict``, ``ProtectedError``) are answered
    as ``api_error`` maps them, wherever they come from."""
    request = context.get("request")
    exc = api_error(exc, getattr(request, "user", None))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, list):
        response.data = {"detail": response.data}
    elif isinstance(response.data, dict) and NON_FIELD_ERRORS in response.data:
        data = dict(response.data)
        detail = data.get("detail", [])
        data["detail"] = [
            *([detail] if isinstance(detail, str) else detail),
            *data.pop(NON_FIELD_ERRORS),
        ]
        response.data = data
    return response


NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY
# Every tracked record's version and times: read-only in every serializer.
_TRACKED = ("version", "created_at", "updated_at")


class ScopedModelSerializer(serializers.ModelSerializer[TrackedModel]):
    """Related choices limited to what the caller may use (people: those the
    model's ``scope_rule.assignees`` allows); the model's own ``clean()``
    applied, as in the forms.

    Its fields come from the model's resource: ``Meta.resource = "app:name"``
    gives ``id``, the fields the resource writes (its form's), ``Meta.shown``
    (what the API shows beyond them: declared fields as declared, model fields
    read-only unless named in ``Meta.writes``) and the record's version and
    times, read-only. A serializer without ``Meta.resource`` lists its own."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta: Any = cls.__dict__.get("Meta")
        key = getattr(meta, "resource", None)
        if key is None:
            return
        resource = resource_for(key)
        shown = tuple(getattr(meta, "shown", ()))
        writes = set(getattr(meta, "writes", ()))
        meta.model = resource.model
        meta.fields = ["id", *resource.fields, *shown, *_TRACKED]
        meta.read_only_fields = [
            *(n for n in shown if n not in cls._declared_fields and n not in writes),
            *_TRACKED,
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            if hasattr(self.Meta.model, "scope_rule"):
                field.validators = [
                    ScopedUniqueValidator(v.queryset, v.message, v.lookup)
                    if type(v) is UniqueValidator
                    else v
                    for v in field.validators
                ]
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is None or user is None:
                continue
            if queryset.model is Zone:
                target.queryset = creatable_zones(user)  # type: ignore[union-attr]  # a related field
            elif hasattr(queryset.model, "scope_rule"):
                target.queryset = queryset.model.objects.visible_to(user)  # type: ignore[union-attr]  # a related field
        model: type[TrackedModel] = self.Meta.model
        # Every answer says what is invented for the demo: the record, or which
        # of a stated record's details (set by the demo, never through the API).
        if issubclass(model, TrackedModel):
            if "is_sample" not in fields:
                fields["is_sample"] = serializers.BooleanField(read_only=True)
            fields["sample_fields"] = serializers.ListField(
                child=serializers.CharField(), read_only=True
            )
        for name, _roles in model.scope_rule.assignees if hasattr(model, "scope_rule") else ():
            if user is not None and name in fields and not fields[name].read_only:
                fields[name].queryset = assignee_choices(user, model, name)  # type: ignore[attr-defined]  # a related field
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in (PERSONAL_FIELDS | staff_only_fields(type(instance))) & data.keys():
            data[name] = masked_for(user, instance, name, data[name])
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model: type[TrackedModel] = self.Meta.model
        candidate = (
            model(
                **{
                    f.attname: getattr(self.instance, f.attname)
                    for f in model._meta.concrete_fields
                }
            )
            if self.instance is not None
            else model()
        )
        candidate._state.adding = self.instance is None  # constraints skip the row itself
        many = {f.name for f in model._meta.many_to_many}
        for key, value in attrs.items():
            if key not in many:
                setattr(candidate, key, value)
        try:
            candidate.clean()
            # Unique constraints (conditional ones too) as the forms check them,
            # not as an IntegrityError from the database.
            candidate.validate_constraints()
        except DjangoValidationError as exc:
            raise api_error(exc) from exc
        if hasattr(model, "scope_rule"):
            # The people written, and all of them when the record changes zone.
            moved = model.scope_rule.zone_path.split("__")[0] in attrs
            errors = assignee_errors(candidate, None if moved else attrs.keys())
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


def resource_for(key: str):
    """The resource registered under ``key``; the apps' ``tables`` modules are
    imported first if an API module is loaded before ``CoreConfig.ready``."""
    try:
        return get_resource(key)
    except KeyError:
        discover()
        return get_resource(key)


def resource_serializer(key: str) -> type[ScopedModelSerializer]:
    """The serializer of a resource whose API shows what its form writes (and
    the record's id, version and times), for a viewset that names no other."""
    model = resource_for(key).model
    meta = type("Meta", (), {"resource": key})
    return type(f"{model.__name__}Serializer", (ScopedModelSerializer,), {"Meta": meta})


def _is_field_path(model, lookup: str) -> bool:
    """Whether ``lookup`` follows model fields (not an annotation of the page's queryset)."""
    for part in lookup.split("__"):
        try:
            model = model._meta.get_field(part).related_model
        except (FieldDoesNotExist, AttributeError):
            return False
    return True


def _if_match_version(request) -> int:
    """The version an update or delete was read at: required, as a web form's."""
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        raise PreconditionRequired()
    value = header.strip().removeprefix("W/").strip('"')
    try:
        return int(value)
    except ValueError as exc:
        raise PreconditionFailed(_("If-Match must carry the ETag of the record.")) from exc


@extend_schema_view(
    update=extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="ETag from a previous read (required: 428 without it, 412 if stale)",
            )
        ]
    ),
    partial_update=extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="ETag from a previous read (required: 428 without it, 412 if stale)",
            )
        ]
    ),
    destroy=extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="ETag from a previous read (required: 428 without it, 412 if stale)",
            )
        ]
    ),
)
class ScopedModelViewSet(viewsets.ModelViewSet):
    """A model's endpoints under the caller's scope. Reads send an ETag; a write
    with a stale If-Match gets 412 and the changes made meanwhile.

    ``resource = "app:name"`` gives the list the page's search fields, filters
    and ``select_related``, and orders by what the page sorts by besides the
    viewset's own ``ordering_fields``, so that page and API find the same
    records; a viewset whose API must differ declares its own, saying why.
    Without a ``serializer_class``, the resource's (``resource_serializer``)."""

    resource: str | None = None
    select_related: tuple[str, ...] = ()
    serializer_class: type[ScopedModelSerializer]
    # Set from the resource (``__init_subclass__``) unless the viewset declares them.
    search_fields: list[str]
    filterset_class: type[FilterSet] | None
    ordering_fields: list[str]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "resource" not in cls.__dict__:
            return
        resource = resource_for(cls.resource)  # type: ignore[arg-type]  # declared here: a key
        own = cls.__dict__
        if cls.serializer_class is None:
            cls.serializer_class = resource_serializer(cls.resource)
        if "search_fields" not in own:
            cls.search_fields = list(resource.search_fields)
        if "filterset_class" not in own:
            cls.filterset_class = resource.filterset_class
        if "select_related" not in own:
            cls.select_related = tuple(resource.select_related)
        sortable = [
            lookup.lstrip("-")
            for lookups in resource.sortable().values()
            for lookup in lookups
            if _is_field_path(resource.model, lookup.lstrip("-"))
        ]
        cls.ordering_fields = list(dict.fromkeys([*own.get("ordering_fields", ()), *sortable]))

    def get_queryset(self):
        model: type[TrackedModel] = self.serializer_class.Meta.model
        qs = model.objects.visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{self.get_object().version}"'
        return response

    def _check_writable(self, instance):
        model = type(instance)
        if not model.objects.editable_by(self.request.user).filter(pk=instance.pk).exists():
            raise PermissionDenied(_("You may not change this record."))

    def perform_create(self, serializer):
        model = serializer.Meta.model
        if not can_create(self.request.user, model):
            raise PermissionDenied(_("You may not create this kind of record."))
        data = dict(serializer.validated_data)
        many = _many_to_many(model, data)
        instance = model(**data)
        with transaction.atomic():
            self._save(instance, None)
            for name, values in many.items():
                getattr(instance, name).set(values)
        # What the write recomputed (after_write) is part of the answer.
        instance.refresh_from_db()
        serializer.instance = instance

    def perform_update(self, serializer):
        self._check_writable(serializer.instance)
        expected = _if_match_version(self.request)
        data = dict(serializer.validated_data)
        many = _many_to_many(type(serializer.instance), data)
        for key, value in data.items():
            setattr(serializer.instance, key, value)
        with transaction.atomic():
            self._save(serializer.instance, expected)
            for name, values in many.items():
                getattr(serializer.instance, name).set(values)
        serializer.instance.refresh_from_db()

    def _save(self, instance, expected):
        try:
            carry_out(
                record_save,
                instance=instance,
                user=self.request.user,
                expected_version=expected,
                reason=self.request.headers.get("X-Change-Reason", "")[:100],
            )
        except PermissionDenied as exc:
            # record_save refuses a zone (or a record) beyond the caller's scope.
            raise PermissionDenied(_("You may not write this record there.")) from exc

    def update(self, request, *args, **kwargs):
        # 404 if unseen, 403 if read-only, then 428 before anything is validated.
        self._check_writable(self.get_object())
        _if_match_version(request)
        response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"{self.get_object().version}"'
        return response

    def check_creatable(self) -> None:
        """Whoever may create no record of the kind is refused (403) before the
        body is read, also by a viewset that creates through its own service."""
        if not can_create(self.request.user, self.serializer_class.Meta.model):
            raise PermissionDenied(_("You may not create this kind of record."))

    def create(self, request, *args, **kwargs):
        self.check_creatable()
        response = super().create(request, *args, **kwargs)
        obj = self.get_serializer().Meta.model.objects.get(pk=response.data["id"])  # type: ignore[attr-defined]  # a ScopedModelSerializer
        response["ETag"] = f'"{obj.version}"'
        return response

    def perform_destroy(self, instance):
        if (
            not type(instance)
            .objects.deletable_by(self.request.user)
            .filter(pk=instance.pk)
            .exists()
        ):
            raise PermissionDenied(_("You may not delete this record."))
        if _if_match_version(self.request) != instance.version:
            raise PreconditionFailed()
        carry_out(record_delete, instance=instance, user=self.request.user)


class VoidReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


# Mixed in before ScopedModelViewSet, whose attributes it uses.
if TYPE_CHECKING:
    _VoidableBase = ScopedModelViewSet
else:
    _VoidableBase = object


class VoidableViewSetMixin(_VoidableBase):
    """Endpoints of records that are never deleted (``core.models.Voidable``):
    DELETE answers 405; ``POST …/void/`` with a reason voids the record; lists
    leave void records out unless ``?voided=only`` (or ``all``)."""

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            qs = voided_filter(qs, self.request.query_params.get("voided"))
        return qs

    # Not an operation of the schema: DELETE is refused (405) with a word on voiding.
    @extend_schema(exclude=True)
    def destroy(self, request, *args, **kwargs):
        raise MethodNotAllowed(
            "DELETE", detail=_("This record is never deleted: void it with a reason instead.")
        )

    @extend_schema(request=VoidReasonSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """作废: void the record with a reason (kept with who and when, and in its history)."""
        instance = self.get_object()
        self._check_writable(instance)
        given = VoidReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        carry_out(
            record_void, instance=instance, user=request.user, reason=given.validated_data["reason"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data)


# --- Registry endpoints ---------------------------------------------------------------------


class ZoneSerializer(ScopedModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        resource = "core:zones"
        shown = ("region_code",)

    def get_fields(self):
        fields = super().get_fields()
        fields["region"].queryset = Region.objects.exclude(level="province")
        return fields

    def to_representation(self, instance):
        from .masking import mask_personal
        from .scoping import is_zone_staff_for

        data = super().to_representation(instance)
        request = self.context.get("request")
        if (
            request
            and data.get("contact_phone")
            and not is_zone_staff_for(request.user, instance.pk)
        ):
            data["contact_phone"] = mask_personal(data["contact_phone"])
        return data

    def validate(self, attrs):
        request = self.context.get("request")
        if self.instance is not None and request and not scope_of(request.user).is_platform_admin:
            fixed = {"name", "zone_type", "level", "category", "region"}
            changed = [k for k in fixed if k in attrs and attrs[k] != getattr(self.instance, k)]
            if changed:
                raise serializers.ValidationError(
                    {k: _("Only the platform admin changes this.") for k in changed}
                )
        return super().validate(attrs)


class EnterpriseSerializer(ScopedModelSerializer):
    class Meta:
        resource = "core:enterprises"

    def to_representation(self, instance):
        from .masking import mask_personal
        from .scoping import is_zone_staff_for

        data = super().to_representation(instance)
        request = self.context.get("request")
        if (
            request
            and data.get("contact_phone")
            and not is_zone_staff_for(request.user, instance.zone_id)
        ):
            data["contact_phone"] = mask_personal(data["contact_phone"])
        return data


class ChainMemberInlineSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = ChainMember
        fields = ["id", "enterprise", "enterprise_name", "role"]


class IndustryChainSerializer(ScopedModelSerializer):
    members = ChainMemberInlineSerializer(many=True, read_only=True)

    class Meta:
        resource = "core:chains"
        shown = ("members",)


class ChainMemberSerializer(ScopedModelSerializer):
    class Meta:
        resource = "core:chain-members"

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["chain"].queryset = IndustryChain.objects.editable_by(request.user)
            fields["enterprise"].queryset = Enterprise.objects.editable_by(request.user)
        return fields


class RegionViewSet(ScopedModelViewSet):
    resource = "core:regions"
    ordering_fields = ["code", "name", "level"]
    ordering = ["code"]


class ZoneViewSet(ScopedModelViewSet):
    serializer_class = ZoneSerializer
    resource = "core:zones"
    ordering_fields = ["name", "short_name", "zone_type", "level", "category", "established_on"]
    ordering = ["name"]


class EnterpriseViewSet(ScopedModelViewSet):
    serializer_class = EnterpriseSerializer
    resource = "core:enterprises"
    ordering_fields = ["name", "credit_code", "industry_code", "scale", "employees", "status"]
    ordering = ["name"]


class IndustryChainViewSet(ScopedModelViewSet):
    serializer_class = IndustryChainSerializer
    resource = "core:chains"
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("members__enterprise")


class ChainMemberViewSet(ScopedModelViewSet):
    serializer_class = ChainMemberSerializer
    resource = "core:chain-members"
    ordering_fields = ["role", "id"]
    ordering = ["id"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "created_at", "title", "body", "url", "read_at"]
        read_only_fields = fields


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications; POST mark_read marks them read."""

    serializer_class = NotificationSerializer
    filterset_fields = {"read_at": ["isnull"]}
    ordering_fields = ["created_at"]
    search_fields = ["title"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(user=self.request.user)  # type: ignore[misc]  # signed in

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def mark_read(self, request):
        count = notifications_mark_read(user=request.user)
        return Response({"marked": count})


# The schema's names of choice sets that several fields share (found by
# convention: core.api_schema.SchemaGenerator).
ENUM_NAME_OVERRIDES = {
    "EnterpriseStatusEnum": "devzone.core.models.Enterprise.Status",
    "ZoneLevelEnum": "devzone.core.models.Zone.Level",
    "RegionLevelEnum": "devzone.core.models.Region.Level",
}

# The registry's endpoints sit at the API's root (/api/v1/regions/), not under
# /api/v1/core/.
api_prefix = ""
router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("zones", ZoneViewSet, basename="zone")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("chains", IndustryChainViewSet, basename="chain")
router.register("chain-members", ChainMemberViewSet, basename="chainmember")
router.register("notifications", NotificationViewSet, basename="notification")
