"""The read-only OParl 1.1 endpoint at /oparl/v1/: System, one Body per district, and their lists."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _

from integration_portal.models import District

from . import selectors
from . import serializers as ser
from .models import Tombstone

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("oparl_modified", "gte"),
    "modified_until": ("oparl_modified", "lte"),
}


@dataclass
class Segment:
    """One queryset of a list; a list is its segments one after the other, each ordered stably."""

    rows: QuerySet
    render: Callable[[ser.Urls, Any], ser.Json]
    created_field: str = "created"


def oparl_endpoint(view):
    """GET only, CORS for every origin (OParl requires it), and errors as JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        elif request.method not in ("GET", "HEAD"):
            response = JsonResponse({"message": _("The OParl interface can only be read.")}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = JsonResponse({"message": _("There is no such object.")}, status=404)
            except ValidationError as error:
                response = JsonResponse({"message": " ".join(error.messages)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _json(request, payload: ser.Json, last_modified=None) -> HttpResponse:
    """The JSON with an ETag of its bytes and Last-Modified; 304 when the client has it already."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return response


def _filters(request) -> tuple[dict, dict[str, str]]:
    """The list filters of the query string as lookups, and as given (kept in the page links)."""
    lookups, kept = {}, {}
    for name, (field, op) in FILTERS.items():
        value = request.GET.get(name)
        if not value:
            continue
        moment = parse_datetime(value)
        if moment is None or moment.tzinfo is None:
            raise ValidationError(
                _("“%(name)s” needs a date and time with offset, e.g. 2025-09-01T00:00:00+02:00."),
                params={"name": name},
            )
        lookups[(field, op)] = moment
        kept[name] = value
    return lookups, kept


def _number(request, name: str, default: int, maximum: int) -> int:
    try:
        return max(1, min(int(request.GET.get(name, default)), maximum))
    except ValueError:
        raise ValidationError(_("“%(name)s” must be a whole number."), params={"name": name}) from None


def _page_url(request, kept: dict, page: int, limit: int) -> str:
    from django.utils.http import urlencode

    query = {**kept, **({"limit": limit} if "limit" in request.GET else {}), "page": page}
    return request.build_absolute_uri(request.path) + "?" + urlencode(query)


def list_response(request, segments: list[Segment], tombstones: QuerySet) -> HttpResponse:
    """One page of a list: live objects, then (only when `modified_since` is given) the deleted ones."""
    lookups, kept = _filters(request)
    if "modified_since" in kept:
        segments = [*segments, Segment(tombstones, ser.tombstone)]
    filtered = []
    for segment in segments:
        rows = segment.rows
        for (field, op), moment in lookups.items():
            name = segment.created_field if field == "created" else field
            rows = rows.filter(**{f"{name}__{op}": moment})
        filtered.append((rows, segment.render))
    counts = [rows.count() for rows, _render in filtered]
    limit = _number(request, "limit", PAGE_SIZE, MAX_PAGE_SIZE)
    total = sum(counts)
    last_page = max(1, -(-total // limit))
    page = _number(request, "page", 1, last_page)
    urls = ser.Urls.for_request(request)
    data, start, remaining = [], (page - 1) * limit, limit
    for (rows, render), count in zip(filtered, counts, strict=True):
        if start >= count:
            start -= count
            continue
        chunk = list(rows[start : start + remaining])
        data += [render(urls, row) for row in chunk]
        remaining -= len(chunk)
        start = 0
        if remaining <= 0:
            break
    links = {"first": _page_url(request, kept, 1, limit), "self": _page_url(request, kept, page, limit)}
    links["last"] = _page_url(request, kept, last_page, limit)
    if page > 1:
        links["prev"] = _page_url(request, kept, page - 1, limit)
    if page < last_page:
        links["next"] = _page_url(request, kept, page + 1, limit)
    pagination = {"totalElements": total, "elementsPerPage": limit, "currentPage": page, "totalPages": last_page}
    latest = max((_moment(item["modified"]) for item in data), default=None)
    return _json(request, {"data": data, "pagination": pagination, "links": links}, latest)


def _moment(value: str):
    return parse_datetime(value)


def _district(slug: str) -> District:
    return get_object_or_404(District, slug=slug)


def _tombstones(district: District, kind: str) -> QuerySet:
    return selectors.tombstone_rows(kind).filter(district=district)


@oparl_endpoint
def system(request):
    span = District.objects.aggregate(created=Min("created"), modified=Max("modified"))
    if span["created"] is None:
        raise Http404
    payload = ser.system(ser.Urls.for_request(request), **span)
    return _json(request, payload, span["modified"])


@oparl_endpoint
def body_list(request):
    return list_response(request, [Segment(selectors.body_districts(), ser.body)], Tombstone.objects.none())


@oparl_endpoint
def body(request, slug):
    district = _district(slug)
    return _json(request, ser.body(ser.Urls.for_request(request), district), district.modified)


# The object types read by primary key and listed per body: (rows, serializer).
OBJECT_TYPES = {
    "paper": (selectors.paper_rows, ser.paper),
    "consultation": (selectors.consultation_rows, ser.consultation),
    "organization": (selectors.committee_rows, ser.organization),
    "meeting": (selectors.meeting_rows, ser.meeting),
    "agendaitem": (selectors.agenda_item_rows, ser.agenda_item),
    "location": (selectors.location_rows, ser.location),
}


def _list_segments(district: District, kind: str) -> list[Segment]:
    """The segments of the body's list of `kind`."""
    if kind in OBJECT_TYPES:
        rows, render = OBJECT_TYPES[kind]
        return [Segment(rows().filter(district=district), render)]
    if kind == "file":
        return [
            Segment(selectors.main_file_rows().filter(district=district), ser.main_file),
            Segment(selectors.attachment_rows().filter(district=district), ser.attachment_file),
            Segment(selectors.extract_rows().filter(district=district), ser.extract_file),
            *[
                Segment(selectors.meeting_file_rows(field).filter(district=district), _meeting_file_render(field))
                for field in ser.MEETING_FILES
            ],
        ]
    if kind == "person":
        return [
            Segment(
                selectors.person_rows(district),
                lambda urls, row: ser.person(urls, district, row),
                created_field="first_created",
            )
        ]
    return []


@oparl_endpoint
def body_objects(request, slug, kind):
    district = _district(slug)
    return list_response(request, _list_segments(district, kind), _tombstones(district, kind))


def _meeting_file_render(field: str):
    return lambda urls, meeting: ser.meeting_file(urls, meeting, field)


@oparl_endpoint
def organization_meetings(request, pk):
    committee = get_object_or_404(selectors.committee_rows(), pk=pk)
    rows = selectors.meeting_rows().filter(committee=committee)
    return list_response(request, [Segment(rows, ser.meeting)], Tombstone.objects.none())


@oparl_endpoint
def organization_consultations(request, pk):
    committee = get_object_or_404(selectors.committee_rows(), pk=pk)
    rows = selectors.consultation_rows().filter(committee=committee)
    return list_response(request, [Segment(rows, ser.consultation)], Tombstone.objects.none())


def _object(request, kind: str, key: str, rows: QuerySet, render, lookup: dict) -> HttpResponse:
    """The object if public, its tombstone if it once was, else 404."""
    urls = ser.Urls.for_request(request)
    row = rows.filter(**lookup).first()
    if row is not None:
        return _json(request, render(urls, row), row.oparl_modified)
    grave = get_object_or_404(selectors.tombstone_rows(kind), key=key)
    return _json(request, ser.tombstone(urls, grave), grave.deleted_at)


def _object_view(kind: str):
    """The endpoint of one OParl object type, read by primary key."""
    rows, render = OBJECT_TYPES[kind]

    @oparl_endpoint
    def view(request, pk):
        return _object(request, kind, str(pk), rows(), render, {"pk": pk})

    return view


paper = _object_view("paper")
consultation = _object_view("consultation")
organization = _object_view("organization")
meeting = _object_view("meeting")
agenda_item = _object_view("agendaitem")
location = _object_view("location")


def _file_source(key: str):
    """(rows, render, primary key) of the File `key`, e.g. “attachment-5”; 404 for anything else."""
    prefix, _sep, number = key.partition("-")
    sources = {
        "paper": (selectors.main_file_rows(), ser.main_file),
        "attachment": (selectors.attachment_rows(), ser.attachment_file),
        "extract": (selectors.extract_rows(), ser.extract_file),
        **{field: (selectors.meeting_file_rows(field), _meeting_file_render(field)) for field in ser.MEETING_FILES},
    }
    if prefix not in sources or not number.isdigit():
        raise Http404
    return (*sources[prefix], int(number))


@oparl_endpoint
def file(request, key):
    rows, render, pk = _file_source(key)
    return _object(request, "file", key, rows, render, {"pk": pk})


@oparl_endpoint
def person(request, slug, key):
    district = _district(slug)
    for row in selectors.person_rows(district):
        if selectors.person_key(row["contact_person"]) == key:
            return _json(request, ser.person(ser.Urls.for_request(request), district, row), row["oparl_modified"])
    grave = get_object_or_404(selectors.tombstone_rows("person").filter(district=district), key=f"{slug}/{key}")
    return _json(request, ser.tombstone(ser.Urls.for_request(request), grave), grave.deleted_at)
