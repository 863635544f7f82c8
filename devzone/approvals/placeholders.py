"""Placeholders of the document templates (承诺书, 告知书): the names a zone
admin writes in braces, such as {企业名称}, and their filling. A template
may use only these; anything else in braces is refused, naming it."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "企业名称": gettext_lazy("the project's enterprises"),
    "统一社会信用代码": gettext_lazy("their unified social credit codes"),
    "项目名称": gettext_lazy("the project"),
    "项目地点": gettext_lazy("the project's location"),
    "开发区": gettext_lazy("the zone"),
    "审批事项": gettext_lazy("the approval items"),
    "主管部门": gettext_lazy("their departments"),
    "法定时限": gettext_lazy("their statutory time limits (working days)"),
    "审批标准": gettext_lazy("the standards the government set"),
    "承诺内容": gettext_lazy("what the enterprise commits to"),
    "代办员": gettext_lazy("the agent"),
    "代办员电话": gettext_lazy("the agent's office phone"),
    "日期": gettext_lazy("today's date"),
}

_TOKEN = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(body: str) -> list[str]:
    """The names in braces that are not placeholders, in the order first written."""
    seen: list[str] = []
    for name in _TOKEN.findall(body or ""):
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def template_errors(body: str) -> list[str]:
    """Why a template body cannot be filled (empty when it can)."""
    errors = []
    unknown = unknown_placeholders(body)
    if unknown:
        errors.append(
            _("Unknown placeholders: %(names)s. Use only: %(known)s.")
            % {
                "names": "、".join("{%s}" % n for n in unknown),  # noqa: UP031
                "known": "、".join("{%s}" % n for n in PLACEHOLDERS),  # noqa: UP031
            }
        )
    rest = _TOKEN.sub("", body or "")
    if "{" in rest or "}" in rest:
        errors.append(_("A brace is not closed: write placeholders as {项目名称}."))
    return errors


def fill(body: str, values: dict[str, str]) -> str:
    """The body with every placeholder replaced. Raises ``ValueError`` naming
    what cannot be filled (the template was checked when it was saved)."""
    errors = template_errors(body)
    if errors:
        raise ValueError(" ".join(errors))
    return _TOKEN.sub(lambda m: values.get(m.group(1), ""), body)


def placeholder_help() -> str:
    return "；".join(f"{{{name}}} {label}" for name, label in PLACEHOLDERS.items())
