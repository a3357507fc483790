"""Responses checked against the OpenAPI description (api/openapi.py), every described object closed."""

from __future__ import annotations

import copy

from jsonschema import Draft202012Validator


def strict(schema):
    """The schema with every described object closed: a key the description does not name fails the test."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def check(spec: dict, path: str, response) -> None:
    operation = spec["paths"][path]["get"]
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{path} answered {status}, which the description does not list"
    )
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**strict(schema), "components": strict(spec["components"])})
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{path}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
    )
