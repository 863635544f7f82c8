"""The approval service over REST, with the same scoping as the pages: the
catalogue, regional assessment coverage, projects' items with their savings,
documents (multipart upload, download), templates, the generated letters,
the savings figures and the caller's worklist."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from devzone.core.api import _TRACKED, ScopedModelSerializer, ScopedModelViewSet
from devzone.core.filters import query_id, query_year
from devzone.core.responses import file_response
from devzone.core.scoping import scope_of
from devzone.projects.models import Project

from . import documents, selectors, services
from .models import (
    ApprovalDocument,
    ProjectApproval,
)

DOCX_RESPONSE = {
    (200, documents.DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The .docx file")
}


class ApprovalItemViewSet(ScopedModelViewSet):
    """The catalogue of approval items (审批事项); the platform admin edits it."""

    resource = "approvals:catalogue"
    ordering_fields = ["sort_order", "name", "statutory_days", "usual_fee"]
    ordering = ["sort_order", "name"]


class RegionalCoverageSerializer(ScopedModelSerializer):
    class Meta:
        resource = "approvals:coverage"

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("zone", "item"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: _("Projects may rely on this coverage: add a new one instead.")}
                    )
        return super().validate(attrs)


class RegionalCoverageViewSet(ScopedModelViewSet):
    """What each zone's completed regional assessment (区域评估) covers."""

    serializer_class = RegionalCoverageSerializer
    resource = "approvals:coverage"
    ordering_fields = ["completed_on", "id"]
    ordering = ["id"]


class ProjectApprovalSerializer(ScopedModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    statutory_days = serializers.IntegerField(source="item.statutory_days", read_only=True)

    class Meta:
        resource = "approvals:project-items"
        shown = (
            "project_name",
            "item_name",
            "status",
            "statutory_days",
            "due_on",
            "days_taken",
            "days_saved",
            "fee_saved",
        )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = Project.objects.editable_by(request.user)
        return fields

    def validate(self, attrs):
        if (
            self.instance is not None
            and "project" in attrs
            and attrs["project"] != self.instance.project
        ):
            raise serializers.ValidationError(
                {"project": _("An item stays with its project: add it to the other one.")}
            )
        if (
            self.instance is None
            and attrs.get("project")
            and attrs.get("item")
            and ProjectApproval.objects.filter(
                project=attrs["project"], item=attrs["item"]
            ).exists()
        ):
            raise serializers.ValidationError({"item": _("The project has this item already.")})
        return super().validate(attrs)


class WorkItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="approval.pk")
    project = serializers.IntegerField(source="approval.project_id")
    project_name = serializers.CharField(source="approval.project.name")
    item = serializers.IntegerField(source="approval.item_id")
    item_name = serializers.CharField(source="approval.item.name")
    mode = serializers.CharField(source="approval.mode")
    status = serializers.CharField(source="approval.status")
    applied_on = serializers.DateField(source="approval.applied_on", allow_null=True)
    due_on = serializers.DateField(source="approval.due_on", allow_null=True)
    statutory_days = serializers.IntegerField(source="approval.item.statutory_days")
    days_used = serializers.IntegerField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()


class ProjectApprovalViewSet(ScopedModelViewSet):
    """Projects' approval items. ``status``, ``due_on``, ``days_taken``,
    ``days_saved`` and ``fee_saved`` are computed from the mode and dates."""

    serializer_class = ProjectApprovalSerializer
    resource = "approvals:project-items"
    ordering_fields = ["applied_on", "approved_on", "days_saved", "fee_saved", "id"]
    ordering = ["id"]

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=["commitment", "notice"], required=True)
        ],
        responses={**DOCX_RESPONSE, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def letter(self, request, pk=None):
        """The commitment letter (承诺书) or notice (告知书) of a commitment-based item, as .docx."""
        approval = self.get_object()
        kind = request.query_params.get("kind", "")
        if kind not in ("commitment", "notice"):
            raise serializers.ValidationError({"kind": _("Give commitment or notice.")})
        if approval.mode != ProjectApproval.Mode.COMMITMENT:
            raise serializers.ValidationError(
                {"detail": _("Only commitment-based items have a commitment letter and notice.")}
            )
        return _docx(kind, [approval])

    @extend_schema(responses={200: WorkItemSerializer(many=True)})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def worklist(self, request):
        """Every open item assigned to the caller, oldest application first, with
        the working days left against the statutory limit."""
        rows = selectors.worklist(
            ProjectApproval.objects.visible_to(request.user),
            agent=request.user,
            today=timezone.localdate(),
        )
        return Response(WorkItemSerializer(rows, many=True).data)


def _docx(kind, approvals):
    try:
        filename, content = documents.generate(kind, approvals)
    except documents.NoTemplate as exc:
        raise serializers.ValidationError(
            {
                "detail": _(
                    "There is no template of this kind: a zone admin or the platform admin adds one."
                )
            }
        ) from exc
    except ValueError as exc:
        raise serializers.ValidationError({"detail": str(exc)}) from exc
    return file_response(content, filename, documents.DOCX)


class ApprovalDocumentSerializer(ScopedModelSerializer):
    file = serializers.FileField(write_only=True)
    download_url = serializers.SerializerMethodField()

    # Its own fields: documents are uploaded here and on the approval's page,
    # never through a resource form (the resource lists and exports them).
    class Meta:
        model = ApprovalDocument
        fields = [
            "id",
            "approval",
            "kind",
            "title",
            "file",
            "filename",
            "size",
            "download_url",
            *_TRACKED,
        ]
        read_only_fields = ["filename", "size", *_TRACKED]
        extra_kwargs = {"title": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["approval"].queryset = ProjectApproval.objects.editable_by(request.user)
        return fields

    def get_download_url(self, obj) -> str:
        return reverse("approvals:document_download", args=[obj.pk])

    def validate_file(self, upload):
        content = upload.read(services.document_max_bytes() + 1)
        upload.seek(0)
        try:
            documents.check_document_upload(upload.name, content)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload


class ApprovalDocumentViewSet(ScopedModelViewSet):
    """Documents kept with approval items: upload as multipart form data
    (``approval``, ``kind``, ``title``, ``file``), download, delete."""

    serializer_class = ApprovalDocumentSerializer
    resource = "approvals:documents"
    ordering_fields = ["created_at", "title"]
    ordering = ["-created_at"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.document_add(
                approval=data["approval"],
                user=self.request.user,
                upload=data["file"],
                kind=data.get("kind", ApprovalDocument.Kind.OTHER),
                title=data.get("title", ""),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(_("You may not write this record there.")) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request, pk=None):
        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=document.filename)


class DocumentTemplateSerializer(ScopedModelSerializer):
    class Meta:
        resource = "approvals:templates"

    def validate(self, attrs):
        request = self.context.get("request")
        zone = attrs.get("zone", self.instance.zone if self.instance else None)
        if zone is None and request and not scope_of(request.user).is_platform_admin:
            # As in the form: the platform's templates are the platform admin's.
            raise serializers.ValidationError(
                {"zone": _("Choose your zone: the platform's templates are the platform admin's.")}
            )
        return super().validate(attrs)


class DocumentTemplateViewSet(ScopedModelViewSet):
    """Templates of the commitment letter and notice: a zone's own, or the
    platform's (no zone). Placeholders in braces, e.g. {企业名称}; an unknown
    one is refused, naming it."""

    serializer_class = DocumentTemplateSerializer
    resource = "approvals:templates"
    ordering_fields = ["kind", "id"]
    ordering = ["kind", "id"]


class ApprovalProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    zone = serializers.IntegerField(source="zone_id")
    agent = serializers.IntegerField(source="agent_id", allow_null=True)
    items = serializers.IntegerField()
    open = serializers.IntegerField()
    done = serializers.IntegerField()
    working_days_saved = serializers.IntegerField()
    fees_saved = serializers.DecimalField(max_digits=18, decimal_places=2)
    is_sample = serializers.BooleanField(help_text="the project is a sample (示例)")
    figure_is_sample = serializers.BooleanField(
        help_text="the figures are counted from sample (示例) items"
    )


PROJECT_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="project")


class ApprovalProjectViewSet(viewsets.ViewSet):
    """Projects with approval items: what each saved, its items, and its
    commitment book ("一本制": every commitment-based item in one letter)."""

    def _projects(self, request):
        return selectors.project_overview(ProjectApproval.objects.visible_to(request.user))

    @staticmethod
    def _row(project, row) -> dict:
        return {
            "id": project.pk,
            "name": project.name,
            "zone_id": project.zone_id,
            "agent_id": project.agent_id,
            "items": row["items"],
            "open": row["open"],
            "done": row["done"],
            "working_days_saved": row["days"] or 0,
            "fees_saved": row["fees"] or 0,
            "is_sample": project.is_sample,
            "figure_is_sample": bool(row["samples"]),
        }

    @extend_schema(responses={200: ApprovalProjectSerializer(many=True)})
    def list(self, request):
        rows = self._projects(request)
        projects = Project.objects.in_bulk([r["project_id"] for r in rows])
        data = [self._row(projects[r["project_id"]], r) for r in rows]
        return Response(ApprovalProjectSerializer(data, many=True).data)

    def _project(self, request, pk):
        if not str(pk).isdecimal():  # what int() reads ("³" is a digit, not a number)
            raise Http404
        return get_object_or_404(Project.objects.visible_to(request.user), pk=int(pk))

    @extend_schema(parameters=[PROJECT_ID], responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, pk=None):
        project = self._project(request, pk)
        approvals = ProjectApproval.objects.visible_to(request.user).filter(project=project)
        result = selectors.savings(approvals)
        items = approvals.select_related("project", "item").order_by("item__sort_order")
        return Response(
            {
                "id": project.pk,
                "name": project.name,
                "zone": project.zone_id,
                "is_sample": project.is_sample,
                "sample_fields": project.sample_fields or [],
                "savings": result.total.as_dict(),
                "items": ProjectApprovalSerializer(
                    items, many=True, context={"request": request}
                ).data,
            }
        )

    @extend_schema(
        parameters=[
            PROJECT_ID,
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=["commitment", "notice"], required=True
            ),
        ],
        responses={**DOCX_RESPONSE, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"], url_path="commitment-book")
    def commitment_book(self, request, pk=None):
        """Every commitment-based item of the project in one letter or notice, as .docx."""
        project = self._project(request, pk)
        kind = request.query_params.get("kind", "")
        if kind not in ("commitment", "notice"):
            raise serializers.ValidationError({"kind": _("Give commitment or notice.")})
        approvals = list(
            ProjectApproval.objects.visible_to(request.user)
            .filter(project=project, mode=ProjectApproval.Mode.COMMITMENT)
            .select_related("project__zone", "project__agent", "item", "agent")
            .order_by("item__sort_order", "item__name")
        )
        if not approvals:
            raise serializers.ValidationError(
                {"detail": _("The project has no commitment-based items.")}
            )
        return _docx(kind, approvals)


class SavingsViewSet(viewsets.ViewSet):
    """Time and fees saved against the standard route, in the caller's scope:
    totals, the average per project, and by project, zone, year and mode.
    ``services`` documents the definition."""

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", OpenApiTypes.INT),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        approvals = ProjectApproval.objects.visible_to(request.user)
        zone = request.query_params.get("zone", "")
        year = request.query_params.get("year", "")
        if zone and query_id(zone) is None:
            raise serializers.ValidationError({"zone": _("Give the zone's id.")})
        if year and query_year(year) is None:
            raise serializers.ValidationError({"year": _("Give a year between 1990 and 2100.")})
        if zone:
            approvals = approvals.filter(project__zone_id=query_id(zone))
        result = selectors.savings(approvals, year=query_year(year) if year else None)
        return Response(result.as_dict())


# The schema's names of choice sets that several fields share (found by
# convention: core.api_schema.SchemaGenerator).
ENUM_NAME_OVERRIDES = {
    "ProjectApprovalModeEnum": "devzone.approvals.models.ProjectApproval.Mode",
}

router = DefaultRouter()
router.register("catalogue", ApprovalItemViewSet, basename="approvalitem")
router.register("coverage", RegionalCoverageViewSet, basename="regionalcoverage")
router.register("project-items", ProjectApprovalViewSet, basename="projectapproval")
router.register("documents", ApprovalDocumentViewSet, basename="approvaldocument")
router.register("templates", DocumentTemplateViewSet, basename="documenttemplate")
router.register("projects", ApprovalProjectViewSet, basename="approvalproject")
router.register("savings", SavingsViewSet, basename="approvalsavings")
