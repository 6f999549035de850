"""Helpers every form view uses."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def posted(request: HttpRequest) -> QueryDict | None:
    """Return the POST data when the form was submitted, else None.

    Unlike `request.POST or None`, a POST with no fields at all still counts as
    submitted, so it gets "this field is required" instead of a silently blank form.
    """
    return request.POST if request.method == "POST" else None


def delete_when_confirmed(
    request: HttpRequest, obj: models.Model, template: str, done: str, to: str, name: str
) -> HttpResponse:
    """Ask before deleting: a GET shows ``template`` (the object as ``name``); a POST deletes the
    object, says ``done`` and goes on to ``to`` (a URL name)."""
    if request.method == "POST":
        obj.delete()
        messages.success(request, done)
        return redirect(to)
    return render(request, template, {name: obj})


def posted_files(request: HttpRequest) -> MultiValueDict | None:
    """Return the uploaded files when the form was submitted, else None."""
    return request.FILES if request.method == "POST" else None


# The largest id a database integer column holds; a bigger "id" from a hostile
# request would otherwise crash the lookup (OverflowError on SQLite, DataError on
# PostgreSQL) instead of getting "not a valid choice".
MAX_ID = 2**63 - 1


def parse_id(raw: str) -> int | None:
    """Return the id a request names, or None unless it is plain ASCII digits within MAX_ID.

    str.isdigit() alone admits "²" and "٣", which int() and the database then refuse.
    """
    if not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def _out_of_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) > MAX_ID
    except ValueError:
        return False


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, refusing ids no database column can hold."""

    def to_python(self, value):
        if _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing ids no database column can hold."""

    def _check_values(self, value):
        for pk in value or ():
            if _out_of_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class Select(forms.Select):
    """Django's Select for flat choices, written out here rather than by a template per option
    (which took most of the library page's filter form: four selects, thirty options)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)
