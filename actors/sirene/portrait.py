"""The ESS portrait of a territory from the register: active ESS establishments, by legal family, sector and size
band, and their share of all active establishments (counted per commune while the register file was read), with
the same figures for the territory above. Shown on « Cartographie de mon territoire » and at /api/portrait/<key>/.
"""

from __future__ import annotations

from django.db.models import Count, Sum

from actors.filters import in_territory
from actors.sirene import labels
from actors.sirene.models import EstablishmentCount, RegisterEntry
from taxonomy.models import Territory

SIZE_ORDER = list(labels.SIZE_BANDS)


def figures(place: Territory) -> dict:
    entries = RegisterEntry.objects.filter(active=True).filter(
        in_territory(place, prefix="organisation__")
    )
    by_family = dict.fromkeys(labels.FAMILIES, 0)
    by_sector: dict[str, int] = {}
    by_size: dict[str, int] = {}
    for family, sector, size, n in (
        entries.order_by().values_list("family", "sector", "size_band").annotate(n=Count("pk"))
    ):
        by_family[family if family in by_family else "autre"] += n
        by_sector[sector] = by_sector.get(sector, 0) + n
        by_size[size] = by_size.get(size, 0) + n
    total = sum(by_family.values())
    communes = place.descendants().filter(level=Territory.Level.COMMUNE).values("pk")
    all_active = EstablishmentCount.objects.filter(commune__in=communes).aggregate(n=Sum("active"))[
        "n"
    ]
    return {
        "territory": {"key": place.key, "name": place.name, "level": place.level},
        "establishments": total,
        "all_establishments": all_active,
        "share_of_all_establishments": round(total / all_active, 4) if all_active else None,
        "by_family": by_family,
        "by_sector": sorted(
            (
                {"key": k, "label": labels.SECTORS.get(k, k), "count": n}
                for k, n in by_sector.items()
            ),
            key=lambda row: (-row["count"], row["label"]),
        ),
        "by_size": [
            {"key": k, "label": labels.SIZE_BANDS[k], "count": by_size[k]}
            for k in SIZE_ORDER
            if by_size.get(k)
        ],
    }


def portrait(place: Territory) -> dict:
    """The territory's figures, and its parent's under "parent" (None for a region)."""
    parent = place.parent if place.parent_id else None
    return {**figures(place), "parent": figures(parent) if parent else None}


def chart_rows(counts: list[tuple[str, str, int]]) -> list[dict]:
    """Rows of a bar chart: label, count and width in % of the largest (for the SVG of the page)."""
    top = max((n for _, _, n in counts), default=0) or 1
    return [
        {"key": k, "label": label, "count": n, "width": round(100 * n / top, 1)}
        for k, label, n in counts
    ]


def page_context(place: Territory) -> dict | None:
    """What the territory page shows of the portrait; None when the register was never imported there."""
    data = portrait(place)
    if not data["establishments"] and not data["all_establishments"]:
        return None
    families = [(k, labels.FAMILIES[k], n) for k, n in data["by_family"].items() if n]
    return {
        "data": data,
        "families": chart_rows(sorted(families, key=lambda r: -r[2])),
        "sectors": chart_rows([(r["key"], r["label"], r["count"]) for r in data["by_sector"][:12]]),
        "sizes": chart_rows([(r["key"], r["label"], r["count"]) for r in data["by_size"]]),
        "share": _percent(data["share_of_all_establishments"]),
        "parent_share": _percent(data["parent"]["share_of_all_establishments"])
        if data["parent"]
        else "",
    }


def _percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 100:.1f}".replace(".", ",") + "\N{NO-BREAK SPACE}%"
