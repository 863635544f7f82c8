"""The desk app over REST, with the same scoping as the pages. The public's
endpoints (submit, track, rate, reopen) are the only ones open without login,
and throttled."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from devzone.core.api import (
    _TRACKED,
    ScopedModelSerializer,
    ScopedModelViewSet,
    VoidableViewSetMixin,
    carry_out,
)
from devzone.core.api_schema import errors
from devzone.core.filters import query_id, query_year
from devzone.core.models import Zone
from devzone.core.network import client_ip
from devzone.core.throttling import AddressRateThrottle

from . import selectors, services
from .models import Category, Escalation, FollowUp, ServiceRequest, normalize_code


@extend_schema_field(
    {
        "type": "string",
        "description": "One of: " + ", ".join(ServiceRequest.Status.values) + ".",
        "readOnly": True,
    }
)
class StatusField(serializers.CharField):
    """A request's status (read only: actions move it). Its values are listed
    in the description rather than as an enum, whose generated name would
    collide with other apps' "status" enums."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class CategoryViewSet(ScopedModelViewSet):
    """The catalogue: national (no zone) and each zone's own. Readable by anyone signed in."""

    resource = "desk:categories"
    ordering_fields = ["order", "code", "name"]
    ordering = ["order", "code"]


class DepartmentViewSet(ScopedModelViewSet):
    resource = "desk:departments"
    ordering_fields = ["name"]
    ordering = ["name"]


class ServiceRequestSerializer(ScopedModelSerializer):
    code = serializers.CharField(read_only=True)
    status = StatusField()
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        resource = "desk:requests"
        shown = (
            "code",
            "status",
            "overdue",
            "clock_start",
            "accept_due",
            "answer_due",
            "resolve_due",
            "accepted_at",
            "answered_at",
            "resolved_at",
            "closed_at",
            "answer",
            "resolution",
            "resolved_in_time",
            "rating",
            "rating_comment",
            "rated_at",
            "rated_on_callback",
            "reopen_count",
            "voided_at",
            "void_reason",
        )


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, allow_blank=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")


class RatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ServiceRequestViewSet(VoidableViewSetMixin, ScopedModelViewSet):
    """Requests under the caller's scope (complaints about officials: the zone
    admin only). Staff enter hotline requests here; the lifecycle moves by the
    actions: accept, answer, resolve (staff), rate and reopen (the requester),
    callback and callback-reopen (staff, for a requester called back: 回访)."""

    serializer_class = ServiceRequestSerializer
    resource = "desk:requests"
    ordering_fields = ["received_at", "resolve_due", "priority", "status"]
    ordering = ["-is_open", "-received_at"]

    def perform_create(self, serializer):
        serializer.validated_data["submitted_by"] = self.request.user
        super().perform_create(serializer)

    def _respond(self, obj):
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=NoteSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """受理: take the request on (an optional note goes to the log)."""
        incoming = NoteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_accept,
            request=self.get_object(),
            user=request.user,
            note=incoming.validated_data["note"],
        )
        return self._respond(obj)

    @extend_schema(request=TextSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """答复: the reply to the requester."""
        incoming = TextSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_answer,
            request=self.get_object(),
            user=request.user,
            text=incoming.validated_data["text"],
        )
        return self._respond(obj)

    @extend_schema(request=TextSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """办结: what was done."""
        incoming = TextSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_resolve,
            request=self.get_object(),
            user=request.user,
            text=incoming.validated_data["text"],
        )
        return self._respond(obj)

    @extend_schema(request=RatingSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """The requester's company rates a resolved request (1–5); it closes."""
        incoming = RatingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_rate,
            request=self.get_object(),
            user=request.user,
            **incoming.validated_data,
        )
        return self._respond(obj)

    @extend_schema(request=ReopenSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The requester's company says it is not solved: deadlines restart."""
        incoming = ReopenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_reopen,
            request=self.get_object(),
            user=request.user,
            reason=incoming.validated_data["reason"],
        )
        return self._respond(obj)

    @extend_schema(request=RatingSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        """回访: staff record the rating the requester gave on a call back; it closes."""
        incoming = RatingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_callback,
            request=self.get_object(),
            user=request.user,
            **incoming.validated_data,
        )
        return self._respond(obj)

    @extend_schema(request=ReopenSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"], url_path="callback-reopen")
    def callback_reopen(self, request, pk=None):
        """回访: the requester, called back, says it is not solved: staff reopen it."""
        incoming = ReopenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_reopen_on_callback,
            request=self.get_object(),
            user=request.user,
            reason=incoming.validated_data["reason"],
        )
        return self._respond(obj)

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", OpenApiTypes.INT),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses={200: OpenApiTypes.OBJECT, **errors(403, 404)},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def dashboard(self, request):
        """A zone's desk: open requests by age, deadline compliance by month,
        category and department, satisfaction. Complaints about officials count
        as numbers only."""
        try:
            zones = selectors.dashboard_zones(request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(_("Enterprise users read their own requests only.")) from exc
        zone_id = request.query_params.get("zone", "")
        zone = (
            zones.filter(pk=query_id(zone_id)).first()
            if query_id(zone_id)
            else zones.order_by("name").first()
        )
        if zone is None:
            raise NotFound(_("No such zone, or not yours to read."))
        today = timezone.localdate()
        requests = selectors.dashboard_requests(zone)
        years, default = selectors.dashboard_years(requests, today=today)
        year = request.query_params.get("year", "")
        year = query_year(year) if query_year(year) in years else default
        data = selectors.dashboard(requests, year=year, today=today)
        return Response({"zone": zone.pk, "zone_name": zone.name, "years": years, **data})


class FollowUpSerializer(ScopedModelSerializer):
    author_name = serializers.SerializerMethodField()

    # Its own fields: notes are added by the request's workflow, never through
    # a resource form (the resource lists and exports them).
    class Meta:
        model = FollowUp
        fields = [
            "id",
            "request",
            "kind",
            "note",
            "author",
            "author_name",
            "by_requester",
            *_TRACKED,
        ]
        read_only_fields = ["kind", "author", "by_requester", *_TRACKED]

    def get_author_name(self, obj) -> str:
        if obj.by_requester:
            return str(_("the requester"))
        return (obj.author.get_full_name() or obj.author.username) if obj.author else ""


class FollowUpViewSet(ScopedModelViewSet):
    """The handling log. Staff add notes (POST); entries are never edited."""

    serializer_class = FollowUpSerializer
    resource = "desk:follow-ups"
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    select_related = ("author",)
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        self.check_creatable()
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        entry = carry_out(
            services.request_add_note,
            request=incoming.validated_data["request"],
            user=request.user,
            note=incoming.validated_data["note"],
        )
        data = self.get_serializer(entry).data
        return Response(data, status=status.HTTP_201_CREATED)


class EscalationSerializer(ScopedModelSerializer):
    # Its own fields, all read-only: the deadline scan writes escalations.
    class Meta:
        model = Escalation
        fields = [
            "id",
            "request",
            "deadline",
            "level",
            "round",
            "due",
            "recipients",
            "notified_at",
            *_TRACKED,
        ]
        read_only_fields = fields


class EscalationViewSet(ScopedModelViewSet):
    """Missed deadlines raised by the scan (read only)."""

    serializer_class = EscalationSerializer
    resource = "desk:escalations"
    ordering_fields = ["created_at", "due"]
    ordering = ["-created_at"]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("recipients")


# --- The public ---------------------------------------------------------------------------------


class PublicRequestSerializer(serializers.Serializer):
    zone = serializers.PrimaryKeyRelatedField(queryset=Zone.objects.all())
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.filter(active=True))
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class TrackSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)


class PublicStatusSerializer(serializers.ModelSerializer):
    """What the requester reads of their own request."""

    code = serializers.CharField(source="code_display")
    zone = serializers.CharField(source="zone.name")
    category = serializers.CharField(source="category.name")
    status = StatusField()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = ServiceRequest
        fields = [
            "code",
            "zone",
            "category",
            "title",
            "description",
            "status",
            "status_label",
            "received_at",
            "accept_due",
            "answer_due",
            "resolve_due",
            "accepted_at",
            "answered_at",
            "resolved_at",
            "answer",
            "resolution",
            "rating",
            "rating_comment",
        ]
        read_only_fields = fields


class PublicView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AddressRateThrottle]

    def _tracked(self, data) -> ServiceRequest:
        incoming = TrackSerializer(data=data)
        incoming.is_valid(raise_exception=True)
        try:
            obj = services.request_track(
                code=normalize_code(incoming.validated_data["code"]),
                phone=incoming.validated_data["phone"],
                ip=client_ip(self.request),
            )
        except services.TrackingThrottled as exc:
            raise Throttled(
                wait=services.TRACK_WINDOW,
                detail=str(_("Too many attempts. Please try again in a few minutes.")),
            ) from exc
        if obj is None:
            raise NotFound(_("No request has this tracking code and phone number."))
        return obj


class PublicSubmitView(PublicView):
    """Submit a request to a zone's 24-hour service desk (no login). Keep the
    returned tracking code: with the phone it opens the request."""

    @extend_schema(
        request=PublicRequestSerializer,
        responses={
            201: inline_serializer(
                "PublicRequestReceived",
                {"code": serializers.CharField(), "resolve_due": serializers.DateField()},
            )
        },
    )
    def post(self, request):
        incoming = PublicRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_submit,
            user=request.user,
            ip=client_ip(request),
            **incoming.validated_data,
        )
        return Response(
            {"code": obj.code_display, "resolve_due": obj.resolve_due},
            status=status.HTTP_201_CREATED,
        )


class PublicTrackView(PublicView):
    """The requester's own request, by its tracking code and phone."""

    @extend_schema(request=TrackSerializer, responses={200: PublicStatusSerializer, **errors(404)})
    def post(self, request):
        return Response(PublicStatusSerializer(self._tracked(request.data)).data)


class PublicRateSerializer(TrackSerializer, RatingSerializer):
    pass


class PublicReopenSerializer(TrackSerializer, ReopenSerializer):
    pass


class PublicRateView(PublicView):
    """The requester rates their resolved request (1–5)."""

    @extend_schema(
        request=PublicRateSerializer, responses={200: PublicStatusSerializer, **errors(404)}
    )
    def post(self, request):
        obj = self._tracked(request.data)
        incoming = RatingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(services.request_rate, request=obj, **incoming.validated_data)
        return Response(PublicStatusSerializer(obj).data)


class PublicReopenView(PublicView):
    """The requester says their resolved request is not solved."""

    @extend_schema(
        request=PublicReopenSerializer, responses={200: PublicStatusSerializer, **errors(404)}
    )
    def post(self, request):
        obj = self._tracked(request.data)
        incoming = ReopenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obj = carry_out(
            services.request_reopen, request=obj, reason=incoming.validated_data["reason"]
        )
        return Response(PublicStatusSerializer(obj).data)


class DeskRouter(DefaultRouter):
    """The viewsets' URLs and the public endpoints beside them."""

    public = [
        ("public/requests/", PublicSubmitView, "desk-public-submit"),
        ("public/track/", PublicTrackView, "desk-public-track"),
        ("public/rate/", PublicRateView, "desk-public-rate"),
        ("public/reopen/", PublicReopenView, "desk-public-reopen"),
    ]

    def get_urls(self):
        own = [path(route, view.as_view(), name=name) for route, view, name in self.public]
        return own + super().get_urls()


# The schema's names of choice sets that several fields share (found by
# convention: core.api_schema.SchemaGenerator).
ENUM_NAME_OVERRIDES = {
    "ServiceRequestStatusEnum": "devzone.desk.models.ServiceRequest.Status",
}

router = DeskRouter()
router.register("requests", ServiceRequestViewSet, basename="servicerequest")
router.register("follow-ups", FollowUpViewSet, basename="deskfollowup")
router.register("categories", CategoryViewSet, basename="deskcategory")
router.register("departments", DepartmentViewSet, basename="deskdepartment")
router.register("escalations", EscalationViewSet, basename="deskescalation")
