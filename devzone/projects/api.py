"""Investment projects over REST, with the same scoping as the pages; the
notice boards' public endpoint is the only one open without login."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from devzone.core.api import (
    ScopedModelSerializer,
    ScopedModelViewSet,
    VoidableViewSetMixin,
    carry_out,
)
from devzone.core.filters import query_id, query_year
from devzone.core.network import client_ip
from devzone.core.throttling import AnonRateThrottle

from . import selectors, services
from .models import (
    Lead,
    Problem,
    Project,
    ScheduleTask,
)


class ProjectSerializer(ScopedModelSerializer):
    phases = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        resource = "projects:projects"
        shown = ("phases", "notice_code", "baseline_saved_on", "source_note")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["parent"].queryset = Project.objects.editable_by(request.user)
        return fields


class ProjectInvestmentSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:investments"

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = Project.objects.editable_by(request.user)
        return fields


class ProjectViewSet(ScopedModelViewSet):
    serializer_class = ProjectSerializer
    resource = "projects:projects"
    ordering_fields = ["name", "planned_investment", "expected_operation"]
    ordering = ["name"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("phases", "enterprises")

    @extend_schema(
        request=None,
        responses={200: inline_serializer("BaselineResult", {"tasks": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def baseline(self, request, pk=None):
        """Save the current plan as the baseline progress is measured against."""
        project = self.get_object()
        count = carry_out(services.save_baseline, project=project, user=request.user)
        return Response({"tasks": count})

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", OpenApiTypes.INT, required=True),
            OpenApiParameter("stage", OpenApiTypes.STR),
            OpenApiParameter("level", OpenApiTypes.STR),
            OpenApiParameter("leader", OpenApiTypes.INT),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"], url_path="wall-chart", filter_backends=[])
    def wall_chart(self, request):
        """A zone's key projects with their tasks: what the wall chart draws."""
        from .views import wall_projects

        zone = query_id(request.query_params.get("zone"))
        if zone is None:
            raise serializers.ValidationError({"zone": _("Give the zone's id.")})
        stage = request.query_params.get("stage", "")
        level = request.query_params.get("level", "")
        leader = request.query_params.get("leader", "")
        if leader and query_id(leader) is None:
            raise serializers.ValidationError({"leader": _("Give the leader's id.")})
        choice = {
            "zone": zone,
            "stage": stage if stage in Project.Stage.values else "",
            "level": level if level in Project.KeyLevel.values else "",
            "leader": query_id(leader),
        }
        return Response(
            selectors.wall_chart(wall_projects(request.user, choice), today=timezone.localdate())
        )


class ProjectInvestmentViewSet(ScopedModelViewSet):
    serializer_class = ProjectInvestmentSerializer
    resource = "projects:investments"
    ordering_fields = ["year", "month", "cumulative"]
    ordering = ["-year", "-month"]


class ProblemSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:problems"

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = Project.objects.editable_by(request.user)
        return fields


class ProblemFollowUpSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:follow-ups"

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["problem"].queryset = Problem.objects.editable_by(request.user)
        return fields


class ProblemViewSet(ScopedModelViewSet):
    serializer_class = ProblemSerializer
    resource = "projects:problems"
    ordering_fields = ["raised_on", "deadline", "status"]
    ordering = ["raised_on"]


class ProblemFollowUpViewSet(ScopedModelViewSet):
    serializer_class = ProblemFollowUpSerializer
    resource = "projects:follow-ups"
    ordering_fields = ["happened_on"]
    ordering = ["-happened_on"]


def _editable(model, field_name):
    """A serializer's ``get_fields`` narrowing ``field_name`` to what the caller may change."""

    def get_fields(self):
        fields = super(type(self), self).get_fields()
        request = self.context.get("request")
        if request is not None:
            fields[field_name].queryset = model.objects.editable_by(request.user)
        return fields

    return get_fields


class ScheduleTaskSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:tasks"
        shown = (
            "earliest_start",
            "earliest_finish",
            "latest_start",
            "latest_finish",
            "slack",
            "critical",
            "baseline_start",
            "baseline_finish",
            "status",
            "status_since",
        )

    get_fields = _editable(Project, "project")


class ScheduleTaskViewSet(ScopedModelViewSet):
    serializer_class = ScheduleTaskSerializer
    resource = "projects:tasks"
    ordering_fields = ["earliest_start", "latest_start", "slack", "name"]
    ordering = ["project_id", "earliest_start"]


class TaskDependencySerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:dependencies"

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for name in ("before", "after"):
                fields[name].queryset = ScheduleTask.objects.editable_by(request.user)
        return fields


class TaskDependencyViewSet(ScopedModelViewSet):
    serializer_class = TaskDependencySerializer
    resource = "projects:dependencies"
    ordering_fields = ["lag"]
    ordering = ["after_id"]


class NoticeFeedbackSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:feedback"
        shown = ("project", "name", "contact_phone", "message", "voided_at", "void_reason")


class NoticeFeedbackViewSet(VoidableViewSetMixin, ScopedModelViewSet):
    """Feedback the public left on notice boards; staff mark it handled."""

    serializer_class = NoticeFeedbackSerializer
    resource = "projects:feedback"
    ordering_fields = ["created_at"]
    ordering = ["handled", "-created_at"]
    # POST only voids (…/void/): the public writes feedback on the notice board.
    http_method_names = ["get", "put", "patch", "post", "delete", "head", "options"]

    # Not an operation of the schema: the public writes feedback on the board.
    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")


class LeadSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:leads"
        shown = ("project",)


class LeadViewSet(ScopedModelViewSet):
    serializer_class = LeadSerializer
    resource = "projects:leads"
    ordering_fields = ["first_contact_on", "investor", "planned_investment"]
    ordering = ["-first_contact_on"]

    @extend_schema(request=None, responses={201: ProjectSerializer})
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        """A signed lead becomes a project; the lead keeps its history and points to it."""
        lead = self.get_object()
        project = carry_out(services.convert_lead, lead=lead, user=request.user)
        data = ProjectSerializer(project, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", OpenApiTypes.INT),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def funnel(self, request):
        """How far the leads came: 接触 → 洽谈 → 签约 → 落地, overall and by source region."""
        leads = self.get_queryset()
        zone = request.query_params.get("zone", "")
        year = request.query_params.get("year", "")
        if zone and query_id(zone) is None:
            raise serializers.ValidationError({"zone": _("Give the zone's id.")})
        if year and query_year(year) is None:
            raise serializers.ValidationError({"year": _("Give a year between 1990 and 2100.")})
        if zone:
            leads = leads.filter(zone_id=query_id(zone))
        if year:
            leads = leads.filter(first_contact_on__year=query_year(year))
        steps, regions = selectors.lead_funnel(leads)
        return Response(
            {
                "steps": [
                    {"stage": s.stage, "label": s.label, "reached": s.reached, "rate": s.rate}
                    for s in steps
                ],
                "regions": regions,
            }
        )


class LeadFollowUpSerializer(ScopedModelSerializer):
    class Meta:
        resource = "projects:lead-follow-ups"

    get_fields = _editable(Lead, "lead")


class LeadFollowUpViewSet(ScopedModelViewSet):
    serializer_class = LeadFollowUpSerializer
    resource = "projects:lead-follow-ups"
    ordering_fields = ["happened_on"]
    ordering = ["-happened_on"]


class PublicFeedbackSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class NoticeBoardView(APIView):
    """A project's public notice board, and the feedback the public leaves on it.
    Open without login: it shows only what the printed sign shows."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle]

    def _project(self, code):
        return get_object_or_404(
            Project.objects.select_related("zone", "leader", "agent", "parent"),
            notice_code=code,
            notice_board=True,
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, code):
        project = self._project(code)
        board = selectors.notice_board(project)

        def person(user):
            if user is None:
                return None
            return {"name": user.get_full_name() or user.username, "office_phone": user.phone}

        return Response(
            {
                "project": project.name,
                "zone": project.zone.name,
                "stage": project.stage,
                "stage_label": project.get_stage_display(),
                "expected_start": board.start,
                "expected_operation": project.expected_operation,
                "leader": person(project.leader),
                "agent": person(project.agent),
                "hotline": project.zone.hotline,
                "phase_of": {"project": board.parent.name, "notice_code": board.parent.notice_code}
                if board.parent
                else None,
                "phases": [
                    {
                        "project": phase.name,
                        "stage": phase.stage,
                        "stage_label": phase.get_stage_display(),
                        "expected_start": phase.start_day,
                        "expected_operation": phase.expected_operation,
                        "notice_code": phase.notice_code,
                    }
                    for phase in board.phases
                ],
                "tasks": [
                    {
                        "name": t.name,
                        "planned_start": t.planned_start,
                        "planned_finish": t.planned_finish,
                        "percent_complete": t.percent_complete,
                        "status": t.status,
                    }
                    for t in board.tasks
                ],
            }
        )

    @extend_schema(
        request=PublicFeedbackSerializer,
        responses={
            201: inline_serializer("FeedbackReceived", {"received": serializers.BooleanField()})
        },
    )
    def post(self, request, code):
        project = self._project(code)
        incoming = PublicFeedbackSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        carry_out(
            services.submit_feedback,
            project=project,
            ip=client_ip(request),
            **incoming.validated_data,
        )
        return Response({"received": True}, status=status.HTTP_201_CREATED)


# The schema's names of choice sets that several fields share (found by
# convention: core.api_schema.SchemaGenerator).
ENUM_NAME_OVERRIDES = {
    "ProjectStageEnum": "devzone.projects.models.Project.Stage",
}

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("investments", ProjectInvestmentViewSet, basename="projectinvestment")
router.register("problems", ProblemViewSet, basename="problem")
router.register("follow-ups", ProblemFollowUpViewSet, basename="problemfollowup")
router.register("tasks", ScheduleTaskViewSet, basename="scheduletask")
router.register("dependencies", TaskDependencyViewSet, basename="taskdependency")
router.register("feedback", NoticeFeedbackViewSet, basename="noticefeedback")
router.register("leads", LeadViewSet, basename="lead")
router.register("lead-follow-ups", LeadFollowUpViewSet, basename="leadfollowup")

api_urlpatterns = [
    path("notice/<str:code>/", NoticeBoardView.as_view(), name="api-notice-board"),
]
