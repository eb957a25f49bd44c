"""The attack surface, found by enumeration, so that new apps, pages and admins are covered as they arrive.

- `browser_urls(values)`: every URL pattern of the project outside the admin, with its parameters filled
  from the given candidate values (district slugs, object pks, UUIDs, slugs).
- `admin_urls(model, pk)`: every URL of the model's registered ModelAdmin, for one object.
- `text_fields(model)`: the free-text fields of a model (where a stored payload could hide).
"""

import itertools
import re
import uuid

from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from integration_portal.scoping import is_district_owned

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _routes(patterns, prefix="", namespace=None):
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern.pattern, RegexPattern):
            # Regular expressions (the admin's catch-alls) cannot be filled generically.
            route = None
        if isinstance(pattern, URLResolver):
            if route is None:
                continue
            yield from _routes(pattern.url_patterns, prefix + route, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and route is not None:
            yield namespace, pattern.name, prefix + route


def project_routes(*, admin_site=False):
    """(namespace, name, route) of every URL pattern; the admin's only if `admin_site`."""
    for namespace, name, route in _routes(get_resolver().url_patterns):
        if (namespace == "admin") == admin_site:
            yield namespace, name, route


def _candidates(converter, name, values):
    if converter == "int":
        return values["int"]
    if converter == "uuid":
        return values["uuid"] or [uuid.uuid4()]
    if "slug" in name or converter == "slug":
        return values["slug"]
    # Tokens, uidb64 and other opaque strings: a value that matches nothing.
    return ["x"]


def fill(route, values):
    """Every URL the route yields with the candidate values (the product over its parameters)."""
    parameters = PARAMETER.findall(route)
    choices = [_candidates(converter or "str", name, values) for converter, name in parameters]
    for combination in itertools.product(*choices):
        url = route
        for value in combination:
            url = PARAMETER.sub(str(value), url, count=1)
        yield "/" + url


def candidate_values(district, objects):
    """Values to put into URL parameters so that they name the district and its objects."""
    values = {"int": set(), "uuid": set(), "slug": {district.slug}}
    for obj in objects:
        values["int" if isinstance(obj.pk, int) else "uuid"].add(obj.pk)
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if isinstance(field, models.UUIDField) and value:
                values["uuid"].add(value)
            elif isinstance(field, models.SlugField) and value:
                values["slug"].add(value)
    return {key: sorted(value, key=str) for key, value in values.items()}


def browser_urls(district, objects):
    """(route name, URL) of every page outside the admin, filled with the district's slug and objects."""
    values = candidate_values(district, objects)
    urls = []
    for namespace, name, route in project_routes():
        label = f"{namespace}:{name}" if namespace else str(name or route)
        urls.extend((label, url) for url in fill(route, values))
    return urls


def admin_urls(model, pk):
    """(URL name, URL) of every URL of the model's ModelAdmin, object parameters set to `pk`."""
    model_admin = admin.site._registry[model]
    prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
    values = {"int": [pk], "uuid": [], "slug": [str(pk)]}
    urls = []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        # Object ids and any other parameter of a model admin URL name the object.
        route = PARAMETER.sub(str(pk), route)
        urls.extend((pattern.name or route, url) for url in fill(prefix + route, values))
    return urls


def district_admin_models():
    return [model for model in admin.site._registry if is_district_owned(model)]


def text_fields(model):
    """Free-text fields (CharField/TextField without choices, not slugs, e-mails or URLs)."""
    excluded = (models.SlugField, models.EmailField, models.URLField, models.UUIDField)
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, excluded)
        and not field.choices
        and field.name not in ("password", "username")
    ]


def store_in_text_fields(obj, make_value):
    """Write `make_value(field)` into every text field of `obj`, bypassing forms (as an attacker's import)."""
    updates = {}
    for field in text_fields(type(obj)):
        value = make_value(field)
        if field.max_length:
            value = value[: field.max_length]
        updates[field.attname] = value
    if updates:
        type(obj)._base_manager.filter(pk=obj.pk).update(**updates)
    return updates


NON_PUBLIC_FLAGS = ("is_public", "public", "is_published", "published")


def make_non_public(obj):
    """Put the object into the state nobody outside its district may see: drafts, non-public flags."""
    updates = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.BooleanField) and field.name in NON_PUBLIC_FLAGS:
            updates[field.attname] = False
        elif field.name == "non_public_reason":  # council papers: a non-public paper needs its reason
            updates[field.attname] = "Personenbezogene Daten"
        elif field.name == "status" and field.choices and "draft" in dict(field.flatchoices):
            updates[field.attname] = "draft"
    if updates:
        type(obj)._base_manager.filter(pk=obj.pk).update(**updates)


def snapshot(objects):
    """The stored values of the objects, to show that nothing changed."""
    return {(type(obj), obj.pk): type(obj)._base_manager.filter(pk=obj.pk).values().first() for obj in objects}
