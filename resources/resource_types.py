"""The registry of resource types: every `ResourcePage` subclass a visitor can find, in the order they are listed.

A type joins it with `@register_resource_type` on its class (resources/models/). Everything that lists or
recognises the types reads it: the listing's type filter and the page type's URL value (`of_type`), the resources
about an actor (`about_actor`, through each type's `actor_fields`), the index page's `subpage_types`, the feeds,
the search's type facet and the OpenAPI description of its values.

This module imports no model: the listing and the models both read it.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T", bound=type)

RESOURCE_TYPES: list[
    type
] = []  # the ResourcePage subclasses, in registration order (the order of their imports)


def register_resource_type(model: T) -> T:
    """Class decorator: `model` (a concrete `ResourcePage` subclass) becomes a resource type."""
    if model not in RESOURCE_TYPES:
        RESOURCE_TYPES.append(model)
    return model


def resource_type_by_name(name: str) -> type | None:
    """The type whose model name is `name` ("toolkitpage"), or None."""
    return next((m for m in RESOURCE_TYPES if m._meta.model_name == name), None)


def resource_type_choices() -> list[tuple[str, str]]:
    """(model name, French label) of every type, for a form's choices."""
    return [(m._meta.model_name, m.resource_type_label) for m in RESOURCE_TYPES]
