"""The <meta> tags of a rendered page (Open Graph, description…) and its canonical link."""

from __future__ import annotations

from bs4 import BeautifulSoup


def meta(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    out = {
        m.get("property") or m.get("name"): m.get("content")
        for m in soup.find_all("meta")
        if m.get("content")
    }
    out["canonical"] = soup.find("link", rel="canonical")["href"]
    return out
