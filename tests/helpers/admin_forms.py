"""Posting Wagtail admin forms the way a browser does: read the form's fields and defaults, change a few; upload a
document through the admin."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.urls import reverse

from resources.models import ResourceDocument


def form_data(html: str, form_id: str = "page-edit-form") -> dict[str, list[str]]:
    """Every successful control of the form with its current value (as a browser would submit it)."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) or soup.find("form", attrs={"method": "post"})
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "input":
            kind = field.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio") and not field.has_attr("checked"):
                continue
            data.setdefault(name, []).append(
                field.get("value", "on" if kind in ("checkbox", "radio") else "")
            )
        elif field.name == "select":
            selected = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            if not selected and not field.has_attr("multiple"):
                first = field.find("option")
                selected = [first.get("value", first.text)] if first else []
            data.setdefault(name, []).extend(selected)
        else:
            data.setdefault(name, []).append(field.text)
    # StreamFields are drawn by JavaScript; without it, an empty stream is what the browser would send.
    for block in form.find_all(attrs={"data-controller": "w-block"}):
        data.setdefault(f"{block['id']}-count", ["0"])
    return data


def post_data(data: dict[str, list[str]], **changes) -> dict:
    out = {k: v if len(v) != 1 else v[0] for k, v in data.items()}
    out.update(changes)
    return out


def upload_through_admin(client, path, title: str) -> ResourceDocument:
    with path.open("rb") as fh:
        response = client.post(
            reverse("wagtaildocs:add"), {"title": title, "file": fh, "collection": 1}
        )
    assert response.status_code == 302, response.content[:2000]
    return ResourceDocument.objects.get(title=title)
