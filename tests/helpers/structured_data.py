"""schema.org JSON-LD read from a page and checked against the shapes of the vocabulary it relies on: each
@type is a schema.org type whose properties (and the types of their values) are those schema.org defines."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

CREATIVE_WORK = {
    "url",
    "name",
    "headline",
    "description",
    "genre",
    "dateCreated",
    "datePublished",
    "dateModified",
    "inLanguage",
    "keywords",
    "spatialCoverage",
    "mentions",
    "hasPart",
    "image",
    "publisher",
    "encoding",
    "encodingFormat",
}
PLACE = {"name", "address", "geo"}
# Per type: the properties used here, all defined by schema.org for that type (or a supertype).
VOCABULARY: dict[str, set[str]] = {
    "WebSite": CREATIVE_WORK | {"potentialAction"},
    "WebPage": CREATIVE_WORK,
    "CollectionPage": CREATIVE_WORK | {"about"},
    "SearchResultsPage": CREATIVE_WORK | {"about"},
    "CreativeWork": CREATIVE_WORK,
    "Report": CREATIVE_WORK,
    "DigitalDocument": CREATIVE_WORK,
    "MediaObject": CREATIVE_WORK | {"contentUrl", "contentSize"},
    "Event": {
        "url",
        "name",
        "description",
        "inLanguage",
        "keywords",
        "image",
        "startDate",
        "endDate",
        "eventStatus",
        "eventAttendanceMode",
        "location",
        "organizer",
        "funder",
        "sponsor",
        "performer",
        "superEvent",
        "offers",
    },
    "EventSeries": {"name"},
    "Offer": {"url", "price", "priceCurrency", "availability"},
    "Organization": {
        "url",
        "name",
        "alternateName",
        "description",
        "sameAs",
        "identifier",
        "address",
        "location",
        "areaServed",
        "keywords",
        "logo",
    },
    "Person": {"name", "jobTitle", "affiliation"},
    "Place": PLACE,
    "City": PLACE,
    "AdministrativeArea": PLACE,
    "VirtualLocation": {"url", "name"},
    "PostalAddress": {
        "streetAddress",
        "postalCode",
        "addressLocality",
        "addressRegion",
        "addressCountry",
    },
    "GeoCoordinates": {"latitude", "longitude"},
    "PropertyValue": {"propertyID", "value"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "SearchAction": {"target", "query-input"},
    "EntryPoint": {"urlTemplate"},
}
# The types a property's value may have (schema.org ranges, restricted to what is used here).
RANGES = {
    "publisher": {"Organization"},
    "organizer": {"Organization", "Person"},
    "funder": {"Organization", "Person"},
    "sponsor": {"Organization", "Person"},
    "performer": {"Organization", "Person"},
    "affiliation": {"Organization"},
    "mentions": set(VOCABULARY),
    "hasPart": {"DigitalDocument", "CreativeWork"},
    "encoding": {"MediaObject"},
    "spatialCoverage": {"Place", "City", "AdministrativeArea"},
    "areaServed": {"Place", "City", "AdministrativeArea"},
    "location": {"Place", "VirtualLocation", "PostalAddress"},
    "address": {"PostalAddress"},
    "geo": {"GeoCoordinates"},
    "identifier": {"PropertyValue"},
    "superEvent": {"Event", "EventSeries"},
    "offers": {"Offer"},
    "itemListElement": {"ListItem"},
    "potentialAction": {"SearchAction"},
    "target": {"EntryPoint"},
    "about": {"Place", "City", "AdministrativeArea"},
}
DATES = {"startDate", "endDate", "dateCreated", "datePublished", "dateModified"}
URLS = {"url", "item", "sameAs", "contentUrl", "logo", "image"}
REQUIRED = {
    "Event": {"name", "startDate", "location", "url"},
    "Organization": {"name", "url"},
    "Report": {"name", "datePublished", "url", "publisher"},
    "CreativeWork": {"name", "datePublished", "url", "publisher"},
    "DigitalDocument": {"name", "url", "encoding"},
    "BreadcrumbList": {"itemListElement"},
}


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, f"{len(blocks)} JSON-LD blocks"
    data = json.loads(blocks[0])
    assert data.pop("@context") == "https://schema.org"
    return data["@graph"] if "@graph" in data else [data]


def check_node(node: dict, path: str = "") -> None:
    kind = node.get("@type")
    assert kind in VOCABULARY, f"{path}: unknown type {kind!r}"
    for key in REQUIRED.get(kind, ()):
        assert node.get(key) not in (None, "", []), f"{path}{kind} lacks {key}"
    for key, value in node.items():
        if key in ("@type", "@id"):
            continue
        assert key in VOCABULARY[kind], f"{path}{kind} has no property {key!r} in schema.org"
        for item in value if isinstance(value, list) else [value]:
            assert item not in (None, "", [], {}), f"{path}{kind}.{key} is empty"
            if isinstance(item, dict):
                if key in RANGES:
                    assert item.get("@type") in RANGES[key], (
                        f"{path}{kind}.{key} cannot be a {item.get('@type')}"
                    )
                check_node(item, f"{path}{kind}.{key} > ")
            elif key in DATES:
                (datetime if "T" in item else date).fromisoformat(item)
            elif key in URLS:
                assert re.match(r"https?://", item), (
                    f"{path}{kind}.{key} is not an absolute URL: {item}"
                )
