"""Helpers every form view uses."""

from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict


def posted(request: HttpRequest) -> QueryDict | None:
    """Return the POST data when the form was submitted, else None.

    Unlike `request.POST or None`, a POST with no fields at all still counts as
    submitted, so it gets "this field is required" instead of a silently blank form.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict | None:
    """Return the uploaded files when the form was submitted, else None."""
    return request.FILES if request.method == "POST" else None
