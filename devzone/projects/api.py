"""Investment projects over REST, with the same scoping as the pages."""

from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from devzone.core.api import ScopedModelSerializer, ScopedModelViewSet

from . import filters
from .models import Problem, ProblemFollowUp, Project, ProjectInvestment

_TRACKED = ("version", "created_at", "updated_at")


class ProjectSerializer(ScopedModelSerializer):
    phases = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "zone",
            "parent",
            "phases",
            "name",
            "enterprises",
            "industry_code",
            "chain",
            "industrial",
            "planned_investment",
            "stage",
            "signed_on",
            "started_on",
            "completed_on",
            "operating_on",
            "key_level",
            "leader",
            "agent",
            "location",
            "land_area_mu",
            "expected_start",
            "expected_operation",
            "expected_annual_output",
            "actual_annual_output",
            "description",
            "is_sample",
            *_TRACKED,
        ]
        read_only_fields = _TRACKED

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["parent"].queryset = Project.objects.editable_by(request.user)
        return fields


class ProjectInvestmentSerializer(ScopedModelSerializer):
    class Meta:
        model = ProjectInvestment
        fields = ["id", "project", "year", "month", "cumulative", "is_sample", *_TRACKED]
        read_only_fields = _TRACKED

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = Project.objects.editable_by(request.user)
        return fields


class ProjectViewSet(ScopedModelViewSet):
    serializer_class = ProjectSerializer
    filterset_class = filters.ProjectFilter
    search_fields = ["name", "location"]
    ordering_fields = ["name", "planned_investment", "expected_operation"]
    ordering = ["name"]
    select_related = ("zone",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("phases", "enterprises")


class ProjectInvestmentViewSet(ScopedModelViewSet):
    serializer_class = ProjectInvestmentSerializer
    filterset_class = filters.ProjectInvestmentFilter
    search_fields = ["project__name"]
    ordering_fields = ["year", "month", "cumulative"]
    ordering = ["-year", "-month"]


class ProblemSerializer(ScopedModelSerializer):
    class Meta:
        model = Problem
        fields = [
            "id",
            "project",
            "title",
            "owner",
            "department",
            "deadline",
            "status",
            "raised_on",
            "closed_on",
            "resolution",
            "is_sample",
            *_TRACKED,
        ]
        read_only_fields = _TRACKED

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = Project.objects.editable_by(request.user)
        return fields


class ProblemFollowUpSerializer(ScopedModelSerializer):
    class Meta:
        model = ProblemFollowUp
        fields = ["id", "problem", "happened_on", "note", *_TRACKED]
        read_only_fields = _TRACKED

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["problem"].queryset = Problem.objects.editable_by(request.user)
        return fields


class ProblemViewSet(ScopedModelViewSet):
    serializer_class = ProblemSerializer
    filterset_class = filters.ProblemFilter
    search_fields = ["title", "department"]
    ordering_fields = ["raised_on", "deadline", "status"]
    ordering = ["raised_on"]


class ProblemFollowUpViewSet(ScopedModelViewSet):
    serializer_class = ProblemFollowUpSerializer
    search_fields = ["note"]
    ordering_fields = ["happened_on"]
    ordering = ["-happened_on"]


router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("investments", ProjectInvestmentViewSet, basename="projectinvestment")
router.register("problems", ProblemViewSet, basename="problem")
router.register("follow-ups", ProblemFollowUpViewSet, basename="problemfollowup")
