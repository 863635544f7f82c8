"""Filter backends every API view uses (REST_FRAMEWORK settings); kept apart
from ``api.py``, which DRF's settings would otherwise import half-way."""

from rest_framework import filters

from .masking import searchable_fields


class SearchFilter(filters.SearchFilter):
    """``?search=`` without the staff-only fields (tracking codes) for users who
    may not read them: a hit would tell the value."""

    def get_search_fields(self, view, request):
        fields = super().get_search_fields(view, request)
        meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
        model = getattr(meta, "model", None)
        if not fields or model is None:
            return fields
        return searchable_fields(model, fields, request.user)
