"""The incentives app over REST, with the same scoping as the pages: the policy
catalogue and its eligible enterprises (免申即享), applications and their
review, disbursements, financing cases, and the totals per zone and year."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from devzone.core.api import ScopedModelSerializer, ScopedModelViewSet, carry_out
from devzone.core.api_schema import errors
from devzone.core.filters import query_id, query_year
from devzone.core.models import Enterprise, IndustryChain, Zone
from devzone.core.money import round_money
from devzone.core.scoping import Role, creatable_zones, scope_of

from . import selectors, services
from .models import Application, Policy


def _is_enterprise_user(request) -> bool:
    return request is not None and scope_of(request.user).role == Role.ENTERPRISE


# --- Policies ----------------------------------------------------------------------------------


@extend_schema_field(
    {"type": "string", "enum": ["", *Enterprise.Scale.values], "description": "规上/规下 or empty"}
)
class ScaleCriterionField(serializers.ChoiceField):
    """The scale an enterprise must have; the schema states the enterprise's
    scale values inline rather than as a second enum of the same choices."""


class PolicySerializer(ScopedModelSerializer):
    checkable = serializers.BooleanField(read_only=True)
    req_scale = ScaleCriterionField(
        choices=Policy.Scale.choices,
        allow_blank=True,
        required=False,
        label=Policy._meta.get_field("req_scale").verbose_name,
    )

    class Meta:
        resource = "incentives:policies"
        shown = ("checkable",)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["req_chain"].queryset = IndustryChain.objects.filter(
                zone__in=creatable_zones(request.user)
            )
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "req_industry_prefixes" in attrs:
            attrs["req_industry_prefixes"] = " ".join(
                Policy(req_industry_prefixes=attrs["req_industry_prefixes"]).industry_prefixes
            )
        return attrs


class EligibleEnterpriseSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", allow_null=True)
    application_number = serializers.CharField(allow_null=True)
    application_status = serializers.CharField(allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "industry_code",
            "scale",
            "employees",
            "status",
            "application",
            "application_number",
            "application_status",
        ]
        read_only_fields = fields


class OfferSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()


# --- Applications ------------------------------------------------------------------------------

_DECISION_FIELDS = (
    "origin",
    "submitted_on",
    "status",
    "approved_amount",
    "decided_on",
    "decision_note",
    "is_sample",
)


class ApplicationSerializer(ScopedModelSerializer):
    disbursed = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    suggested_amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        resource = "incentives:applications"
        shown = ("number", "submitted_by", "suggested_amount", "decided_by", "disbursed")
        extra_kwargs = {"enterprise": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if _is_enterprise_user(request):
            # An enterprise applies for itself; the zone decides.
            for name in ("enterprise", *_DECISION_FIELDS):
                fields[name].read_only = True
        elif request is not None:
            zones = creatable_zones(request.user)
            fields["policy"].queryset = Policy.objects.filter(zone__in=zones)
            fields["enterprise"].queryset = Enterprise.objects.filter(zone__in=zones)
        return fields

    def validate(self, attrs):
        request = self.context.get("request")
        if self.instance is None:
            if _is_enterprise_user(request):
                attrs["enterprise"] = Enterprise.objects.get(
                    pk=scope_of(request.user).enterprise_id
                )
                attrs["origin"] = Application.Origin.ENTERPRISE
                attrs["submitted_on"] = timezone.localdate()
            elif "enterprise" not in attrs:
                raise serializers.ValidationError(
                    {"enterprise": serializers.Field.default_error_messages["required"]}
                )
        # The model's own rules, with what it was read with (allowed transitions).
        candidate = Application.objects.get(pk=self.instance.pk) if self.instance else Application()
        for key, value in attrs.items():
            setattr(candidate, key, value)
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            Application.Status.UNDER_REVIEW,
            Application.Status.APPROVED,
            Application.Status.REJECTED,
        ]
    )
    approved_amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    decided_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PolicyViewSet(ScopedModelViewSet):
    serializer_class = PolicySerializer
    resource = "incentives:policies"
    ordering_fields = ["title", "valid_from", "valid_until"]
    ordering = ["title"]

    def _staff_policy(self):
        policy = self.get_object()
        if _is_enterprise_user(self.request):
            raise PermissionDenied(_("Enterprise users do not see other enterprises."))
        return policy

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "never_applied",
                OpenApiTypes.BOOL,
                description="Only enterprises that never applied under the policy",
            )
        ],
        responses={200: EligibleEnterpriseSerializer(many=True), **errors(403)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def eligible(self, request, pk=None):
        """免申即享: the enterprises the policy fits, with their latest application under it."""
        policy = self._staff_policy()
        enterprises = selectors.eligible_enterprises(policy, request.user).order_by("name", "pk")
        if request.query_params.get("never_applied", "").lower() in ("1", "true", "yes"):
            enterprises = enterprises.filter(application_id__isnull=True)
        return Response(EligibleEnterpriseSerializer(enterprises, many=True).data)

    @extend_schema(request=OfferSerializer, responses={201: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        """Create the application for an eligible enterprise that never applied (免申即享)."""
        policy = self._staff_policy()
        incoming = OfferSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        enterprise = get_object_or_404(
            Enterprise.objects.visible_to(request.user), pk=incoming.validated_data["enterprise"]
        )
        app = carry_out(
            services.application_offer, policy=policy, enterprise=enterprise, user=request.user
        )
        app = selectors.with_disbursed(Application.objects.filter(pk=app.pk)).get()
        data = ApplicationSerializer(app, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


class ApplicationViewSet(ScopedModelViewSet):
    serializer_class = ApplicationSerializer
    resource = "incentives:applications"
    ordering_fields = ["submitted_on", "requested_amount", "approved_amount", "number"]
    ordering = ["-submitted_on", "-id"]

    def get_queryset(self):
        return selectors.with_disbursed(super().get_queryset())

    def perform_update(self, serializer):
        if not services.applicant_may_edit(self.request.user, serializer.instance):
            raise PermissionDenied(
                _("The application is being handled by the zone; it can no longer be changed.")
            )
        super().perform_update(serializer)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = selectors.with_disbursed(
            Application.objects.filter(pk=serializer.instance.pk)
        ).get()

    @extend_schema(request=ReviewSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Start the review, approve with an amount, or reject with a reason; the enterprise is told."""
        app = self.get_object()
        incoming = ReviewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        carry_out(
            services.application_decide,
            application=app,
            user=request.user,
            status=data["decision"],
            approved_amount=data.get("approved_amount"),
            decided_on=data.get("decided_on"),
            note=data.get("note", ""),
        )
        app = self.get_queryset().get(pk=app.pk)
        return Response(self.get_serializer(app).data)


# --- Disbursements and financing -----------------------------------------------------------


class DisbursementSerializer(ScopedModelSerializer):
    class Meta:
        resource = "incentives:disbursements"

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["application"].queryset = Application.objects.editable_by(request.user)
        return fields


class DisbursementViewSet(ScopedModelViewSet):
    """Payments on approved applications; together never more than the amount approved."""

    serializer_class = DisbursementSerializer
    resource = "incentives:disbursements"
    ordering_fields = ["paid_on", "amount"]
    ordering = ["-paid_on", "-id"]


_STAFF_FINANCING = ("status", "amount_granted", "decided_on", "is_sample")


class FinancingCaseSerializer(ScopedModelSerializer):
    class Meta:
        resource = "incentives:financing"
        extra_kwargs = {"enterprise": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if _is_enterprise_user(request):
            for name in ("enterprise", *_STAFF_FINANCING):
                fields[name].read_only = True
        elif request is not None:
            fields["enterprise"].queryset = Enterprise.objects.filter(
                zone__in=creatable_zones(request.user)
            )
        return fields

    def validate(self, attrs):
        request = self.context.get("request")
        if self.instance is None:
            if _is_enterprise_user(request):
                attrs["enterprise"] = Enterprise.objects.get(
                    pk=scope_of(request.user).enterprise_id
                )
            elif "enterprise" not in attrs:
                raise serializers.ValidationError(
                    {"enterprise": serializers.Field.default_error_messages["required"]}
                )
        return super().validate(attrs)


class FinancingCaseViewSet(ScopedModelViewSet):
    serializer_class = FinancingCaseSerializer
    resource = "incentives:financing"
    ordering_fields = ["applied_on", "decided_on", "amount_requested", "amount_granted"]
    ordering = ["-applied_on", "-id"]

    def perform_update(self, serializer):
        if not services.applicant_may_edit(self.request.user, serializer.instance):
            raise PermissionDenied(_("The request is being handled; it can no longer be changed."))
        super().perform_update(serializer)


# --- Totals ---------------------------------------------------------------------------------------


def _money(value) -> str:
    """Amounts as the other endpoints give them: a string of 元 with two decimals."""
    return str(round_money(value))


def _totals(t: selectors.Totals) -> dict:
    return {
        "enterprises": t.enterprises,
        "payments": t.payments,
        "disbursed": _money(t.disbursed),
        "financing_cases": t.financing_cases,
        "financed_enterprises": t.financed_enterprises,
        "financed": _money(t.financed),
        "figure_is_sample": t.is_sample,
        "source_note": t.source_note,
    }


class TotalsSerializer(serializers.Serializer):
    enterprises = serializers.IntegerField(help_text="enterprises paid, each counted once")
    payments = serializers.IntegerField()
    disbursed = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="元")
    financing_cases = serializers.IntegerField()
    financed_enterprises = serializers.IntegerField()
    financed = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="元")
    figure_is_sample = serializers.BooleanField(
        help_text="made of sample (示例) records the seed does not state"
    )
    source_note = serializers.CharField(help_text="the seed's sentence, when it states these")


class YearTotalsSerializer(TotalsSerializer):
    year = serializers.IntegerField()


class ZoneSummarySerializer(serializers.Serializer):
    zone = serializers.IntegerField()
    name = serializers.CharField()
    total = TotalsSerializer()
    years = YearTotalsSerializer(many=True)


class IncentiveSummarySerializer(serializers.Serializer):
    total = TotalsSerializer()
    by_year = YearTotalsSerializer(many=True)
    zones = ZoneSummarySerializer(many=True)


class _OneObjectSchema(AutoSchema):
    """The summary is one object, though the router gives it the collection's
    route (``list``), which the schema would otherwise describe as an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SummaryViewSet(viewsets.ViewSet):
    """Enterprises paid and amounts disbursed and financed, per zone and year."""

    schema = _OneObjectSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", OpenApiTypes.INT),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses={200: IncentiveSummarySerializer, **errors(404)},
    )
    def list(self, request):
        zone_text = request.query_params.get("zone", "")
        year_text = request.query_params.get("year", "")
        zone_id = None
        if zone_text:
            if query_id(zone_text) is None:
                raise serializers.ValidationError({"zone": _("Give the zone's id.")})
            zone_id = get_object_or_404(
                Zone.objects.visible_to(request.user), pk=query_id(zone_text)
            ).pk
        year = None
        if year_text:
            year = query_year(year_text)
            if year is None:
                raise serializers.ValidationError({"year": _("Give a year between 1990 and 2100.")})
        data = selectors.summary(request.user, zone_id=zone_id, year=year)
        return Response(
            {
                "total": _totals(data.total),
                "by_year": [{"year": y, **_totals(t)} for y, t in data.by_year],
                "zones": [
                    {
                        "zone": z.zone.pk,
                        "name": z.zone.name,
                        "total": _totals(z.total),
                        "years": [{"year": y, **_totals(t)} for y, t in z.years],
                    }
                    for z in data.zones
                ],
            }
        )


router = DefaultRouter()
router.register("policies", PolicyViewSet, basename="policy")
router.register("applications", ApplicationViewSet, basename="application")
router.register("disbursements", DisbursementViewSet, basename="disbursement")
router.register("financing", FinancingCaseViewSet, basename="financingcase")
router.register("summary", SummaryViewSet, basename="incentive-summary")
