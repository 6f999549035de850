from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .. import offline

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_attrs(context) -> SafeString:
    """Return the <body> attributes that tell static/js/offline.js whose pages these are and which
    version of them the service worker should keep (only for a signed-in person)."""
    user = context["request"].user
    return format_html(
        'data-offline-owner="{}" data-offline-version="{}" data-offline-pages="{}"',
        offline.owner_key(user),
        offline.pages_version(user),
        reverse("offline:pages"),
    )
