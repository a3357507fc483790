"""A static check of rendered HTML for the rules Wagtail's accessibility checker runs (and a few more).

Wagtail's checker (axe-core in the editor's browser) runs: button-name, empty-heading, heading-order, link-name,
input-button-name, p-as-heading, alt-text-quality, empty-meta-description. The same rules, checked here on the
server-rendered HTML, keep the pages accessible in every test run; the browser test runs the real checker.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

BAD_ALT = re.compile(r"\.(avif|gif|jpg|jpeg|png|svg|webp)$|_", re.IGNORECASE)


def _name(element) -> str:
    parts = [element.get("aria-label", ""), element.get_text(" ", strip=True)]
    parts += [img.get("alt", "") for img in element.find_all("img")]
    return " ".join(p for p in parts if p).strip()


def problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    if (soup.html or {}).get("lang") != "fr":
        found.append("<html> has no lang='fr'")
    description = soup.find("meta", attrs={"name": "description"})
    if not description or not description.get("content", "").strip():
        found.append("empty meta description")
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    if [h.name for h in headings].count("h1") != 1:
        found.append("not exactly one h1")
    previous = 0
    for heading in headings:
        level = int(heading.name[1])
        if not heading.get_text(strip=True):
            found.append(f"empty heading {heading}")
        if previous and level > previous + 1:
            found.append(
                f"heading order: h{previous} then h{level} ({heading.get_text(strip=True)[:60]})"
            )
        previous = level
    for img in soup.find_all("img"):
        alt = img.get("alt")
        if alt is None:
            found.append(f"image without alt: {img.get('src')}")
        elif alt and BAD_ALT.search(alt):
            found.append(f"poor alt text {alt!r}")
    for link in soup.find_all("a", href=True):
        if not _name(link):
            found.append(f"link without text: {link.get('href')}")
    for button in soup.find_all("button"):
        if not _name(button):
            found.append("button without text")
    labelled = {label.get("for") for label in soup.find_all("label")}
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "button", "reset"):
            continue
        if not (
            field.get("id") in labelled
            or field.get("aria-label")
            or field.get("aria-labelledby")
            or field.find_parent("label")
        ):
            found.append(f"form field without label: {field.get('name')}")
    for p in soup.find_all("p"):
        children = [c for c in p.children if getattr(c, "name", None) or str(c).strip()]
        if (
            len(children) == 1
            and getattr(children[0], "name", None) in ("strong", "b")
            and len(p.get_text()) < 80
        ):
            found.append(f"paragraph used as heading: {p.get_text(strip=True)[:60]}")
    return found
