"""`{% hook_output "name" obj %}`: what the apps registered for the Wagtail hook `name` write at this place of a
template, in their order. A page of one app shows another app's part (the search page's alert form, a meeting's
registration box) without knowing that app: each hook function takes the template's context (and `obj`) and
returns HTML (a safe string; anything else is escaped), or "" when it has nothing to show."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def hook_output(context, name: str, *args) -> SafeString:
    return mark_safe(
        "".join(conditional_escape(fn(context, *args) or "") for fn in hooks.get_hooks(name))
    )
