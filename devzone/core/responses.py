"""HTTP helpers every page, export, import template and document download
shares."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download named ``filename`` (Chinese names kept, RFC 5987)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
