"""The import graph of the project's packages (grimp, which import-linter reads) has no circle but the extraction
library's deliberate zygote pair; the resource types come from one registry."""

from __future__ import annotations

import configparser
from pathlib import Path

import grimp

from resources.resource_types import RESOURCE_TYPES, resource_type_by_name

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = [{"extraction.isolate", "extraction.zygote"}]  # the zygote forks children of isolate


def _packages() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config["importlinter"]["root_packages"].split()


def _cycles(graph) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(component)
    return out


def test_no_import_circle_but_the_zygote_pair():
    graph = grimp.build_graph(*_packages())
    assert [c for c in _cycles(graph) if c not in ALLOWED] == []


def test_resource_types_are_the_registered_ones():
    from resources.models import (
        LearningVisitPage,
        MeetingReportPage,
        ResourceIndexPage,
        StrategyPage,
        ToolkitPage,
    )

    assert RESOURCE_TYPES == [MeetingReportPage, LearningVisitPage, ToolkitPage, StrategyPage]
    assert ResourceIndexPage.subpage_types == [f"resources.{m.__name__}" for m in RESOURCE_TYPES]
    assert resource_type_by_name("toolkitpage") is ToolkitPage
    assert resource_type_by_name("resourcepage") is None


def test_listing_filters_are_search_parameters_and_queryset_methods():
    from resources.listing import FILTERS
    from resources.models.base import ResourcePageQuerySet
    from search.facet_spec import BY_PARAM

    assert set(FILTERS) <= set(BY_PARAM)  # a listing's or a feed's URL filters like the same search
    assert all(callable(getattr(ResourcePageQuerySet, method, None)) for method in FILTERS.values())


def test_openapi_type_list_names_every_registered_type():
    from search.facet_spec import BY_NAME

    description = BY_NAME["type"].api_description
    assert all(m._meta.model_name in description for m in RESOURCE_TYPES)
