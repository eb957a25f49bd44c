"""An OParl client for the tests: validates objects against the standard's schemas and walks the links."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
from jsonschema.validators import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "oparl" / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("url")
def _is_url(value):
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _schema(name):
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


SCHEMAS = {path.stem: _schema(path.name) for path in SCHEMA_DIR.glob("*.json")}


def validate(obj, type_name=None):
    """Validate `obj` and every object it embeds against the schema of its type.

    The standard's schemas are draft-less JSON Schema plus keys of their own (`references`,
    `backreference`, `cardinality`, `schema`, format `url`): jsonschema ignores unknown keys, and the
    `schema` key (the type of an embedded object) is followed here.
    """
    type_name = type_name or obj["type"].removeprefix(TYPE_PREFIX)
    schema = SCHEMAS[type_name]
    Draft202012Validator(schema, format_checker=FORMATS).validate(obj)
    assert obj["type"] == TYPE_PREFIX + type_name
    for name, prop in schema["properties"].items():
        if name not in obj:
            continue
        embedded = prop.get("schema") or (prop.get("items") or {}).get("schema")
        if not embedded or not isinstance(obj[name], (dict, list)):
            continue
        for item in obj[name] if isinstance(obj[name], list) else [obj[name]]:
            assert not item.get("deleted"), f"{obj['id']} embeds a deleted object"
            validate(item, embedded.removesuffix(".json"))


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Walker:
    """Starts at the System and follows only the URLs the interface gives."""

    def __init__(self, client, base="http://testserver"):
        self.client, self.base = client, base
        self.objects = {}  # id → object as fetched from its own URL
        self.listed = {}  # list URL → ids of its objects (all pages)
        self.fetched = set()

    def get(self, url):
        assert url.startswith(self.base), f"{url} leaves the interface"
        response = self.client.get(_path(url))
        assert response.status_code == 200, f"{url} answers {response.status_code}"
        assert response["Access-Control-Allow-Origin"] == "*"
        self.fetched.add(url)
        return response.json()

    def walk(self, start):
        queue = [start]
        while queue:
            url = queue.pop(0)
            if url in self.fetched:
                continue
            if self._is_list(url):
                queue += self._read_list(url)
                continue
            obj = self.get(url)
            validate(obj)
            assert obj["id"] == url, f"{url} answers with the object {obj['id']}"
            self.objects[url] = obj
            queue += [link for link in _links(obj) if link not in self.fetched]
        return self

    def _is_list(self, url):
        return url.rstrip("/").rsplit("/", 1)[-1] in LIST_NAMES

    def _read_list(self, url):
        ids, found, page = [], [], url
        while page:
            body = self.get(page)
            assert set(body) >= {"data", "pagination", "links"}
            for obj in body["data"]:
                validate(obj)
                ids.append(obj["id"])
                found += [obj["id"], *_links(obj)]
            page = body["links"].get("next")
        self.listed[url] = ids
        return [link for link in found if link not in self.fetched]


LIST_NAMES = {
    "body",
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaitem",
    "consultation",
    "file",
    "location",
    "legislativeterm",
}
SKIP = {"web", "website", "accessUrl", "downloadUrl", "license", "oparlVersion"}


def _links(obj):
    """Every interface URL `obj` names: ids of embedded objects and references, but not web pages or files."""
    found = []
    for name, value in obj.items():
        if name in SKIP or name == "id":
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                found += [item["id"], *_links(item)]
            elif isinstance(item, str) and item.startswith("http") and "/oparl/v1/" in item:
                found.append(item)
    return found
