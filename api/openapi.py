"""The OpenAPI 3.1 description of the public API, served at /api/openapi.json (readable page: /api/).

Tests validate it as OpenAPI and check the live responses of every path against its schemas
(tests/api/test_openapi.py): when a response changes shape, change it here too.
"""

from __future__ import annotations

from typing import Any

from search.facet_spec import FACETS
from taxonomy.models import LEVELS

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}

FACET_PARAMS = [
    {"name": f.param, "in": "query", "description": f.api_description, "schema": STRING}
    for f in FACETS
    if f.param
]

PORTRAIT_FIGURES: dict[str, Any] = {
    "type": "object",
    "required": [
        "territory",
        "establishments",
        "all_establishments",
        "share_of_all_establishments",
        "by_family",
        "by_sector",
        "by_size",
    ],
    "properties": {
        "territory": {
            "type": "object",
            "required": ["key", "name", "level"],
            "properties": {"key": STRING, "name": STRING, "level": STRING},
        },
        "establishments": {
            **INTEGER,
            "description": "Établissements actifs des unités légales de l'ESS.",
        },
        "all_establishments": {
            "type": ["integer", "null"],
            "description": "Établissements actifs de toute nature (même fichier Sirene).",
        },
        "share_of_all_establishments": {
            "type": ["number", "null"],
            "description": "establishments / all_establishments (0 à 1).",
        },
        "by_family": {
            "type": "object",
            "required": [
                "association",
                "cooperative",
                "mutuelle",
                "fondation",
                "entreprise_ess",
                "autre",
            ],
            "properties": {
                k: INTEGER
                for k in (
                    "association",
                    "cooperative",
                    "mutuelle",
                    "fondation",
                    "entreprise_ess",
                    "autre",
                )
            },
        },
        "by_sector": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/PortraitCount"},
            "description": "Sections de la NAF rév. 2 (clé : lettre ; naf25-<lettre> pour la NAF 2025).",
        },
        "by_size": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/PortraitCount"},
            "description": "Tranches d'effectif salarié de l'INSEE (NN, 00, 01… ; « » non renseignée).",
        },
    },
}

SCHEMAS: dict[str, Any] = {
    "Highlight": {
        "type": "object",
        "required": ["text", "page"],
        "properties": {
            "text": {
                "type": "string",
                "description": "Passage, les mots trouvés entre <mark> et </mark>.",
            },
            "page": {
                "type": ["integer", "null"],
                "description": "Page ou diapositive du passage (documents).",
            },
            "url": {"type": "string", "description": "Le fichier ouvert à cette page (#page=N)."},
            "viewer_url": {
                "type": "string",
                "description": "La visionneuse du site à cette page, mots surlignés.",
            },
        },
    },
    "Link": {
        "type": "object",
        "required": ["title", "url"],
        "properties": {"title": STRING, "url": STRING},
    },
    "SearchResult": {
        "type": "object",
        "required": [
            "id",
            "title",
            "url",
            "kind",
            "type",
            "date",
            "summary",
            "highlights",
            "missing",
        ],
        "properties": {
            "id": {"type": "string", "examples": ["page:12", "document:4", "actor:7"]},
            "title": STRING,
            "url": STRING,
            "kind": {"type": "string", "enum": ["page", "document", "actor"]},
            "type": NULLABLE_STRING,
            "type_label": STRING,
            "date": NULLABLE_STRING,
            "summary": STRING,
            "filename": NULLABLE_STRING,
            "unit": {"type": "string", "enum": ["page", "slide", "section"]},
            "highlights": {"type": "array", "items": {"$ref": "#/components/schemas/Highlight"}},
            "attached_to": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
            "matching_documents": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
            "missing": {
                "type": "array",
                "items": STRING,
                "description": "Les mots tapés que ce résultat ne contient pas (questions et requêtes "
                "de quatre mots ou plus : les résultats contenant tous les mots d'abord).",
            },
            "language": {
                **NULLABLE_STRING,
                "description": "La langue du texte (code ISO 639-1 : fr, en, de…) ; null si le document a trop "
                "peu de texte pour la reconnaître. À mots égaux, les résultats en français passent d'abord.",
            },
            "language_label": {
                **NULLABLE_STRING,
                "description": "« en anglais », « en allemand »… pour un texte dans une autre langue que le "
                "français ; null sinon.",
            },
            "viewer_url": {"type": "string", "description": "La visionneuse du site (documents)."},
            "page_url": {
                "type": "string",
                "description": "La page du document sur le site (documents).",
            },
        },
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": STRING,
            "label": STRING,
            "count": INTEGER,
            "selected": {"type": "boolean"},
            "level": {"type": "string", "enum": list(LEVELS)},
        },
    },
    "SearchResponse": {
        "type": "object",
        "required": ["query", "count", "page", "num_pages", "sort", "results", "facets", "message"],
        "properties": {
            "query": STRING,
            "count": INTEGER,
            "page": INTEGER,
            "num_pages": INTEGER,
            "sort": {"type": "string", "enum": ["relevance", "date"]},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchResult"}},
            "facets": {
                "type": "object",
                "additionalProperties": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/FacetValue"},
                },
            },
            "suggestion": NULLABLE_STRING,
            "corrected_from": NULLABLE_STRING,
            "promoted": {"type": "array", "items": {"type": "object"}},
            "message": STRING,
            "degraded": {
                "type": "boolean",
                "description": "Présent quand le moteur est indisponible.",
            },
        },
    },
    "AutocompleteResponse": {
        "type": "object",
        "required": ["results"],
        "properties": {
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "url", "kind", "label"],
                    "properties": {"title": STRING, "url": STRING, "kind": STRING, "label": STRING},
                },
            }
        },
    },
    "Meta": {
        "type": "object",
        "required": ["type", "detail_url"],
        "properties": {
            "type": STRING,
            "detail_url": STRING,
            "html_url": NULLABLE_STRING,
            "slug": STRING,
            "first_published_at": NULLABLE_STRING,
            "show_in_menus": {"type": "boolean"},
            "seo_title": STRING,
            "search_description": STRING,
            "alias_of": {"type": ["object", "null"]},
            "locale": STRING,
            "parent": {"type": ["object", "null"]},
            "download_url": STRING,
            "tags": {"type": "array", "items": STRING},
        },
    },
    "Territory": {
        "type": "object",
        "required": ["key", "level", "code", "name"],
        "properties": {"key": STRING, "level": STRING, "code": STRING, "name": STRING},
    },
    "AttachedDocument": {
        "type": "object",
        "required": ["id", "title", "filename", "format", "download_url"],
        "properties": {
            "id": INTEGER,
            "title": STRING,
            "filename": STRING,
            "format": STRING,
            "pages": {"type": ["integer", "null"]},
            "unit": STRING,
            "download_url": STRING,
        },
    },
    "Page": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": INTEGER,
            "meta": {"$ref": "#/components/schemas/Meta"},
            "title": STRING,
            "resource_type": STRING,
            "resource_type_label": STRING,
            "date": {"type": "string", "format": "date"},
            "summary": STRING,
            "themes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name"],
                    "properties": {"slug": STRING, "name": STRING},
                },
            },
            "territories": {"type": "array", "items": {"$ref": "#/components/schemas/Territory"}},
            "documents": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/AttachedDocument"},
            },
        },
    },
    "Document": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": INTEGER,
            "meta": {"$ref": "#/components/schemas/Meta"},
            "title": STRING,
            "page_count": {"type": ["integer", "null"]},
            "extracted_format": STRING,
        },
    },
    "Image": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": INTEGER,
            "meta": {"$ref": "#/components/schemas/Meta"},
            "title": STRING,
            "width": INTEGER,
            "height": INTEGER,
        },
    },
    "Error": {"type": "object", "required": ["message"], "properties": {"message": STRING}},
    "PortraitCount": {
        "type": "object",
        "required": ["key", "label", "count"],
        "properties": {"key": STRING, "label": STRING, "count": INTEGER},
    },
    "PortraitFigures": PORTRAIT_FIGURES,
    "Portrait": {
        **PORTRAIT_FIGURES,
        "required": [*PORTRAIT_FIGURES["required"], "parent"],
        "properties": {
            **PORTRAIT_FIGURES["properties"],
            "parent": {
                "oneOf": [{"$ref": "#/components/schemas/PortraitFigures"}, {"type": "null"}],
                "description": "Les mêmes chiffres pour le territoire parent (aucun pour une région).",
            },
        },
    },
    "RateLimited": {
        "type": "object",
        "required": ["error", "retry_after"],
        "properties": {"error": STRING, "retry_after": INTEGER},
    },
}


def _listing(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {"total_count": INTEGER},
            },
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}},
        "429": {
            "description": "Trop de requêtes : attendre le nombre de secondes de l'en-tête Retry-After.",
            "headers": {"Retry-After": {"schema": INTEGER}},
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/RateLimited"}}
            },
        },
    }


PAGING = [
    {
        "name": "limit",
        "in": "query",
        "description": "Nombre d'éléments (20 par défaut).",
        "schema": INTEGER,
    },
    {"name": "offset", "in": "query", "description": "Décalage dans la liste.", "schema": INTEGER},
    {
        "name": "fields",
        "in": "query",
        "description": "Champs à inclure, séparés par des virgules ; * pour tous.",
        "schema": STRING,
    },
    {"name": "order", "in": "query", "description": "Tri, par exemple -id.", "schema": STRING},
    {
        "name": "search",
        "in": "query",
        "description": "Recherche plein texte dans les titres (les mots seuls : "
        "guillemets, parenthèses et autres signes sont ignorés).",
        "schema": STRING,
    },
    {
        "name": "search_operator",
        "in": "query",
        "description": "and (par défaut) : tous les mots ; or : l'un d'eux.",
        "schema": {"type": "string", "enum": ["and", "or"]},
    },
]
ID = [
    {"name": "id", "in": "path", "required": True, "description": "Identifiant.", "schema": INTEGER}
]
NOT_FOUND = {
    "404": {
        "description": "Introuvable ou non public.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}
BAD_REQUEST = {
    "400": {
        "description": "Paramètre non valide : le message, en français, le nomme.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}


def _endpoint(
    name: str, schema: str, label: str, public: str, extra_params: list | None = None
) -> dict[str, Any]:
    return {
        f"/api/v2/{name}/": {
            "get": {
                "summary": f"Liste des {label} {public}",
                "operationId": f"list_{name}",
                "parameters": PAGING + (extra_params or []),
                "responses": _ok(_listing(schema), f"Les {label} {public}.") | BAD_REQUEST,
            }
        },
        f"/api/v2/{name}/{{id}}/": {
            "get": {
                "summary": f"Un élément ({label})",
                "operationId": f"get_{name}",
                "parameters": ID,
                "responses": _ok({"$ref": f"#/components/schemas/{schema}"}, "L'élément.")
                | BAD_REQUEST
                | NOT_FOUND,
            }
        },
    }


def openapi_spec(server_url: str) -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/api/search/": {
            "get": {
                "summary": "Rechercher dans les pages, les documents et l'annuaire",
                "description": "Recherche en français : accents, pluriels, sigles (ESS, SCIC, PTCE…), "
                '"expression exacte", -exclusion, OU. Les passages nomment leur page ou diapositive.',
                "operationId": "search",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "description": "Les mots cherchés.",
                        "schema": STRING,
                    },
                    *FACET_PARAMS,
                    {
                        "name": "tri",
                        "in": "query",
                        "description": "date : les plus récents d'abord ; sinon par pertinence.",
                        "schema": STRING,
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "description": "Page de résultats (20 par page).",
                        "schema": INTEGER,
                    },
                    {
                        "name": "exact",
                        "in": "query",
                        "description": "1 : ne pas corriger l'orthographe.",
                        "schema": STRING,
                    },
                ],
                "responses": _ok(
                    {"$ref": "#/components/schemas/SearchResponse"}, "Résultats et facettes."
                ),
            }
        },
        "/api/autocomplete/": {
            "get": {
                "summary": "Compléter la saisie",
                "operationId": "autocomplete",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "description": "Début de saisie.",
                        "schema": STRING,
                    }
                ],
                "responses": _ok(
                    {"$ref": "#/components/schemas/AutocompleteResponse"}, "Titres et thèmes."
                ),
            }
        },
    }
    paths["/api/portrait/{key}/"] = {
        "get": {
            "summary": "Portrait de l'ESS d'un territoire (répertoire Sirene)",
            "description": "Établissements actifs de l'ESS du territoire, par famille juridique, secteur et taille, "
            "leur part dans l'ensemble des établissements actifs, et les mêmes chiffres pour le territoire "
            "parent. Les unités en diffusion partielle sont comptées sans qu'aucune donnée protégée ne soit lue.",
            "operationId": "territory_portrait",
            "parameters": [
                {
                    "name": "key",
                    "in": "path",
                    "required": True,
                    "description": "Clé du territoire : "
                    "region-76, department-31, epci-243100633, commune-31446.",
                    "schema": STRING,
                }
            ],
            "responses": _ok({"$ref": "#/components/schemas/Portrait"}, "Le portrait.") | NOT_FOUND,
        }
    }
    paths |= _endpoint(
        "pages",
        "Page",
        "pages",
        "publiques",
        [
            {
                "name": "type",
                "in": "query",
                "description": "Type de page, ex. resources.MeetingReportPage.",
                "schema": STRING,
            },
        ],
    )
    paths |= _endpoint("documents", "Document", "documents", "publics")
    paths |= _endpoint("images", "Image", "images", "publiques")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API publique de Maillage",
            "version": "1.0",
            "description": "Lecture seule, contenu public uniquement. Tout site peut l'appeler depuis un "
            "navigateur (CORS, GET). Au-delà de la limite de requêtes par adresse, la réponse est 429 avec "
            "l'en-tête Retry-After.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
