"""Documents of the approval service: the checks an uploaded file passes, and
the commitment letter (承诺书) and notice (告知书) generated as .docx from the
zone's template (or the platform's)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DocumentTemplate, ProjectApproval
from .placeholders import fill

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Suffix → the bytes such a file starts with. Office files and OFD are zip packages.
_ZIP = (b"PK\x03\x04",)
ALLOWED_UPLOADS: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".ofd": _ZIP,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def document_max_bytes() -> int:
    return getattr(settings, "APPROVAL_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def check_document_upload(name: str, content: bytes) -> str:
    """Refuse files too large, empty, of a type not allowed, or whose content is
    not what their name says; return the suffix. Raises ``ValidationError``."""
    limit = document_max_bytes()
    if len(content) > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(len(content) / 1048576, 1), "limit": limit // 1048576},
            code="too_large",
        )
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    suffix = Path(name or "").suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("Upload a PDF, OFD, Word (.docx), Excel (.xlsx), JPEG or PNG file."), code="type"
        )
    if not content.startswith(ALLOWED_UPLOADS[suffix]):
        raise ValidationError(
            _("This file is not what its name says (%(suffix)s).") % {"suffix": suffix},
            code="content",
        )
    return suffix


# --- Generated letters ------------------------------------------------------------------------

BLANK = "________"


class NoTemplate(Exception):
    """Neither the zone nor the platform has a template of the kind."""


def template_for(kind: str, zone_id: int) -> DocumentTemplate:
    """The zone's template of this kind, else the platform's."""
    found = {
        t.zone_id: t
        for t in DocumentTemplate.objects.filter(
            Q(zone_id=zone_id) | Q(zone__isnull=True), kind=kind
        )
    }
    template = found.get(zone_id) or found.get(None)
    if template is None:
        raise NoTemplate(kind)
    return template


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letter_values(approvals: list[ProjectApproval], *, today: date | None = None) -> dict:
    """The placeholders' values for the items of one project (one item, or all
    its commitment-based items: the "一本制" book)."""
    today = today or timezone.localdate()
    project = approvals[0].project
    enterprises = list(project.enterprises.all())
    agent = next((a.agent for a in approvals if a.agent_id), None) or project.agent
    items = [a.item for a in approvals]
    single = len(approvals) == 1

    def numbered(texts: list[str]) -> str:
        if single:
            return f"　　{texts[0]}"
        return "\n".join(
            f"　　{i}. {item.name}：{text}"
            for i, (item, text) in enumerate(zip(items, texts, strict=True), start=1)
        )

    departments = list(dict.fromkeys(item.department for item in items))
    return {
        "企业名称": "、".join(e.name for e in enterprises) or BLANK,
        "统一社会信用代码": "、".join(e.credit_code for e in enterprises) or BLANK,
        "项目名称": project.name,
        "项目地点": project.location or BLANK,
        "开发区": project.zone.name,
        "审批事项": "、".join(item.name for item in items),
        "主管部门": "、".join(departments),
        "法定时限": str(items[0].statutory_days)
        if single
        else "、".join(f"{item.name}{item.statutory_days}" for item in items),
        "审批标准": numbered([item.standard or BLANK for item in items]),
        "承诺内容": numbered([a.commitment_text or BLANK for a in approvals]),
        "代办员": (agent.get_full_name() or agent.username) if agent else BLANK,
        "代办员电话": (agent.phone or BLANK) if agent else BLANK,
        "日期": chinese_date(today),
    }


def render_docx(title: str, text: str) -> bytes:
    """A Word document: the title centred in bold, then the text line by line,
    in 宋体 (SimSun) as official letters are written."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def generate(kind: str, approvals: list[ProjectApproval], *, today: date | None = None):
    """(file name, .docx bytes) of the letter of this kind for these items of
    one project. Raises ``NoTemplate``, or ``ValueError`` if the template
    cannot be filled."""
    project = approvals[0].project
    template = template_for(kind, project.zone_id)
    values = letter_values(approvals, today=today)
    content = render_docx(fill(template.title, values), fill(template.body, values))
    label = approvals[0].item.name if len(approvals) == 1 else _("all items")
    return f"{project.name}-{label}-{template.title}.docx", content
