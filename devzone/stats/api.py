"""Economic monitoring over REST. The ranking endpoint returns exactly the rows
the ranking page shows (the same form, selector and table)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from devzone.core.api import _TRACKED, ScopedModelSerializer, ScopedModelViewSet
from devzone.core.models import Zone
from devzone.core.scoping import can_create

from . import figures, filters, selectors, services
from .forms import CompareForm, RankingForm
from .models import (
    Indicator,
    IndicatorValue,
    ReportStatus,
    Source,
)
from .periods import Period


class IndicatorSerializer(ScopedModelSerializer):
    display_unit = serializers.CharField(read_only=True)

    class Meta:
        resource = "stats:indicators"
        shown = ("display_unit",)


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "zone",
            "indicator",
            "year",
            "month",
            "value",
            "stated_growth",
            "status",
            "source",
            "source_note",
            "submitted_at",
            "approved_at",
            "is_sample",
            *_TRACKED,
        ]
        read_only_fields = fields


class ValueEntrySerializer(serializers.Serializer):
    zone = serializers.PrimaryKeyRelatedField(queryset=Zone.objects.all())
    indicator = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.filter(is_active=True)
    )
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    value = serializers.DecimalField(
        max_digits=20, decimal_places=4, help_text=_("In the base unit (元, 个, 人…).")
    )
    stated_growth = serializers.DecimalField(
        max_digits=8, decimal_places=1, required=False, allow_null=True
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=100)
    confirmed = serializers.BooleanField(
        required=False, default=False, help_text=_("Confirm a value far from last period's.")
    )


class PeriodActionSerializer(serializers.Serializer):
    zone = serializers.PrimaryKeyRelatedField(queryset=Zone.objects.all())
    period = serializers.CharField(help_text="2024-06")
    reason = serializers.CharField(required=False, allow_blank=True)

    def validate_period(self, value):
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(
                _("Enter a period as year-month, e.g. 2024-06.")
            ) from exc


class IndicatorValueViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Zone figures. POST enters one figure as a draft (or corrects an approved
    one with a reason), with the same checks as the entry grid."""

    serializer_class = IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    ordering_fields = ["year", "month", "value", "stated_growth"]
    ordering = ["-year", "-month"]
    search_fields = ["zone__name"]

    def get_queryset(self):
        return IndicatorValue.objects.visible_to(self.request.user).select_related(
            "zone", "indicator"
        )

    @extend_schema(request=ValueEntrySerializer, responses={201: IndicatorValueSerializer})
    def create(self, request):
        # Whoever may create no figure is refused before the body is read, as
        # by every other viewset (ScopedModelViewSet.check_creatable).
        if not can_create(request.user, IndicatorValue):
            raise PermissionDenied(_("You may not create this kind of record."))
        entry = ValueEntrySerializer(data=request.data)
        entry.is_valid(raise_exception=True)
        data = entry.validated_data
        if not figures.can_enter(request.user, data["zone"]):
            raise PermissionDenied(_("You may not enter figures for this zone."))
        period = Period(data["year"], data["month"])
        result = services.values_enter(
            zone=data["zone"],
            period=period,
            user=request.user,
            source=Source.API,
            confirmed=data["confirmed"],
            rows=[
                services.EntryRow(
                    data["indicator"],
                    data["value"],
                    data.get("stated_growth"),
                    data.get("reason", ""),
                )
            ],
        )
        if not result.ok:
            body = {
                "value": [
                    str(m)
                    for m in [*sum(result.errors.values(), []), *sum(result.warnings.values(), [])]
                ]
            }
            if result.warnings and not result.errors:
                body["needs_confirmation"] = True
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        obj = IndicatorValue.objects.get(
            zone=data["zone"], indicator=data["indicator"], year=period.year, month=period.month
        )
        return Response(IndicatorValueSerializer(obj).data, status=status.HTTP_201_CREATED)

    def _period_action(self, request, fn):
        serializer = PeriodActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        zone = get_object_or_404(Zone.objects.visible_to(request.user), pk=data["zone"].pk)
        kwargs = {"reason": data.get("reason", "")} if fn is services.values_return else {}
        try:
            count = fn(zone=zone, period=data["period"], user=request.user, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied() from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"reason": exc.messages}) from exc
        return Response({"count": count})

    @extend_schema(
        request=PeriodActionSerializer,
        responses={
            200: inline_serializer("PeriodActionResult", {"count": serializers.IntegerField()})
        },
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        return self._period_action(request, services.values_submit)

    @extend_schema(
        request=PeriodActionSerializer,
        responses={
            200: inline_serializer("PeriodApproveResult", {"count": serializers.IntegerField()})
        },
    )
    @action(detail=False, methods=["post"])
    def approve(self, request):
        return self._period_action(request, services.values_approve)

    @extend_schema(
        request=PeriodActionSerializer,
        responses={
            200: inline_serializer("PeriodReturnResult", {"count": serializers.IntegerField()})
        },
    )
    @action(detail=False, methods=["post"], url_path="return")
    def send_back(self, request):
        return self._period_action(request, services.values_return)


class EnterpriseReportSerializer(ScopedModelSerializer):
    class Meta:
        resource = "stats:reports"
        shown = ("status", "source")
        # A system reporting through the API says where its figures come from
        # (import, ingest); the page's form records figures typed in.
        writes = ("source",)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["enterprise"].queryset = selectors.reportable_enterprises(request.user)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        report, request = self.instance, self.context.get("request")
        changed = report is not None and any(getattr(report, k) != v for k, v in attrs.items())
        if changed and report.status == ReportStatus.APPROVED:
            # As on the page: an approved report is corrected only with a reason.
            if request is None or not request.headers.get("X-Change-Reason", "").strip():
                raise serializers.ValidationError(
                    _(
                        "This report is approved: send the reason for the correction in X-Change-Reason."
                    )
                )
            zone = attrs.get("enterprise", report.enterprise).zone
            attrs["status"] = figures.status_after_correction(
                status=report.status, zone=zone, user=request.user
            )
        return attrs


class IndicatorViewSet(ScopedModelViewSet):
    serializer_class = IndicatorSerializer
    resource = "stats:indicators"
    ordering_fields = ["sort_order", "code"]
    ordering = ["sort_order"]


class EnterpriseReportViewSet(ScopedModelViewSet):
    serializer_class = EnterpriseReportSerializer
    resource = "stats:reports"
    ordering_fields = ["year", "month", "value"]
    ordering = ["-year", "-month"]

    def _advance(self, request, action_name):
        report = self.get_object()
        try:
            services.report_advance(report=report, user=request.user, action=action_name)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied() from exc
        return Response(self.get_serializer(report).data)

    @extend_schema(request=None, responses={200: EnterpriseReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._advance(request, "submit")

    @extend_schema(request=None, responses={200: EnterpriseReportSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._advance(request, "approve")


class AnnualTargetViewSet(ScopedModelViewSet):
    resource = "stats:targets"
    ordering_fields = ["year"]
    ordering = ["-year"]


RANK_ROW = inline_serializer(
    "RankRow",
    {
        "rank": serializers.IntegerField(allow_null=True),
        "tied": serializers.BooleanField(),
        "zone_id": serializers.IntegerField(),
        "zone": serializers.CharField(),
        "short": serializers.CharField(),
        "region": serializers.CharField(),
        "value": serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True),
        "growth": serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True),
        "own": serializers.BooleanField(),
        "missing": serializers.BooleanField(),
        "is_sample": serializers.BooleanField(),
        # The figure: invented for the demo, or the source it is stated in.
        "figure_is_sample": serializers.BooleanField(),
        "source_note": serializers.CharField(),
    },
)


class RankingView(APIView):
    """The ranking board's rows: the same peer group, ranks, ties and missing
    reports as the page. Values are in the indicator's display unit."""

    @extend_schema(
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR, required=name in ("indicator", "period"))
            for name in ("indicator", "period", "region", "zone_type", "level", "category", "by")
        ],
        responses={
            200: inline_serializer(
                "Ranking",
                {
                    "peer_group": serializers.CharField(),
                    "indicator": serializers.CharField(),
                    "unit": serializers.CharField(),
                    "period": serializers.CharField(),
                    "by": serializers.CharField(),
                    "rows": RANK_ROW.__class__(many=True),
                },
            )
        },
    )
    def get(self, request):
        from .views import _own_zone_ids, _ranking_table, ranking_data

        form = RankingForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        rows, peers = ranking_data(form)
        indicator = form.cleaned_data["indicator"]
        return Response(
            {
                "peer_group": peers.label(),
                "indicator": indicator.code,
                "unit": indicator.display_unit,
                "period": str(form.cleaned_data["period"]),
                "by": form.cleaned_data["by"],
                "rows": _ranking_table(rows, indicator, _own_zone_ids(request.user), as_text=True),
            }
        )


class DashboardView(APIView):
    """A zone's dashboard: each indicator's latest approved figure, growth, ranks and trend."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, zone_id):
        from .formatting import in_display_unit

        zone = get_object_or_404(
            Zone.objects.visible_to(request.user).select_related("region"), pk=zone_id
        )
        cards = [c for c in selectors.zone_dashboard(zone=zone) if c.period is not None]
        return Response(
            {
                "zone": zone.name,
                "indicators": [
                    {
                        "indicator": c.indicator.code,
                        "name": c.indicator.name,
                        "unit": c.indicator.display_unit,
                        "period": str(c.period),
                        "value": in_display_unit(c.value, c.indicator),
                        "stated_growth": c.stated_growth,
                        "nominal_growth": c.nominal_growth,
                        "growth_gap": c.growth_gap,
                        "rank_province": c.rank_province,
                        "peers_province": c.peers_province,
                        "rank_city": c.rank_city,
                        "peers_city": c.peers_city,
                        "target": in_display_unit(c.target, c.indicator),
                        "completion": c.completion,
                        "is_sample": c.is_sample,
                        "source_note": c.source_note,
                        "trend": [
                            {
                                "period": p,
                                "value": in_display_unit(v, c.indicator),
                                "is_sample": c.trend_provenance.get(p, (False, ""))[0],
                            }
                            for p, v in c.trend
                        ],
                    }
                    for c in cards
                ],
            }
        )


class CompareView(APIView):
    """Chosen zones' figures over time (values in the display unit)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("zones", OpenApiTypes.INT, many=True, required=True),
            OpenApiParameter("indicator", OpenApiTypes.INT, required=True),
            OpenApiParameter("start", OpenApiTypes.STR, required=True),
            OpenApiParameter("end", OpenApiTypes.STR, required=True),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        from .formatting import in_display_unit

        form = CompareForm(request.query_params, zones=selectors.peer_zones(request.user))
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data
        result = selectors.comparison(
            zones=list(data["zones"]),
            indicator=data["indicator"],
            start=data["start"],
            end=data["end"],
        )
        return Response(
            {
                "indicator": data["indicator"].code,
                "unit": data["indicator"].display_unit,
                "periods": result["periods"],
                "series": [
                    {
                        "zone_id": s["zone"].pk,
                        "zone": s["zone"].name,
                        "values": [in_display_unit(v, data["indicator"]) for v in s["values"]],
                        "growth": s["growth"],
                    }
                    for s in result["series"]
                ],
            }
        )


# The schema's names of choice sets that several fields share (found by
# convention: core.api_schema.SchemaGenerator).
ENUM_NAME_OVERRIDES = {
    "ReportStatusEnum": "devzone.stats.models.ReportStatus",
}

router = DefaultRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("values", IndicatorValueViewSet, basename="indicatorvalue")
router.register("enterprise-reports", EnterpriseReportViewSet, basename="enterprisereport")
router.register("targets", AnnualTargetViewSet, basename="annualtarget")

api_urlpatterns = [
    path("ranking/", RankingView.as_view(), name="stats-ranking"),
    path("zones/<int:zone_id>/dashboard/", DashboardView.as_view(), name="stats-dashboard"),
    path("compare/", CompareView.as_view(), name="stats-compare"),
]
