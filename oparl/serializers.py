"""OParl 1.1 JSON of each object type. Only ever given objects the selectors let through."""

import mimetypes
from typing import Any

from django.urls import reverse
from django.utils import timezone

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "integrationsportal"  # prefix of the properties OParl has no place for (votes)

Json = dict[str, Any]


def stamp(value) -> str:
    """An OParl date-time: ISO 8601 with offset, in the portal's time zone, to the second."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


class Urls:
    """Absolute URLs of the interface, on the host the request came to."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    @classmethod
    def for_request(cls, request) -> "Urls":
        return cls(request.build_absolute_uri("/"))

    def __call__(self, name: str, *args) -> str:
        return self.base + reverse(f"oparl:{name}", args=args)

    def page(self, path: str) -> str:
        return self.base + path


def _common(urls: Urls, kind: str, name: str, key, created, modified) -> Json:
    return {
        "id": urls(name, key),
        "type": f"{SCHEMA}{kind}",
        "created": stamp(created),
        "modified": stamp(modified),
    }


def tombstone(urls: Urls, row) -> Json:
    """A deleted or withdrawn object: id, type, created, modified and `deleted: true`, nothing else."""
    kind = row.get_kind_display()
    name = row.kind
    key = int(row.key) if row.key.isdigit() else row.key
    if row.kind == "person":
        slug, key = row.key.split("/", 1)
        return {**_common_person(urls, slug, key, row.created, row.deleted_at), "deleted": True}
    return {**_common(urls, kind, name, key, row.created, row.deleted_at), "deleted": True}


def system(urls: Urls, *, created, modified) -> Json:
    return {
        "id": urls("system"),
        "type": f"{SCHEMA}System",
        "oparlVersion": SCHEMA,
        "body": urls("body_list"),
        "name": "Integrationsportal",
        "website": urls.page("/"),
        "created": stamp(created),
        "modified": stamp(modified),
        "web": urls.page("/"),
    }


def body(urls: Urls, district) -> Json:
    slug = district.slug
    return {
        "id": urls("body", slug),
        "type": f"{SCHEMA}Body",
        "system": urls("system"),
        "name": district.name,
        "shortName": district.short_name,
        "website": urls.page(district.get_absolute_url()),
        "organization": urls("organization_list", slug),
        "person": urls("person_list", slug),
        "meeting": urls("meeting_list", slug),
        "paper": urls("paper_list", slug),
        "agendaItem": urls("agendaitem_list", slug),
        "consultation": urls("consultation_list", slug),
        "file": urls("file_list", slug),
        "locationList": urls("location_list", slug),
        "legislativeTermList": urls("legislativeterm_list", slug),
        # The portal keeps no legislative terms.
        "legislativeTerm": [],
        "created": stamp(district.created),
        "modified": stamp(district.modified),
        "web": urls.page(district.get_absolute_url()),
    }


def organization(urls: Urls, committee) -> Json:
    data = _common(urls, "Organization", "organization", committee.pk, committee.created, committee.oparl_modified)
    data.update(
        {
            "body": urls("body", committee.district.slug),
            "name": committee.name,
            "organizationType": "Gremium",
            "classification": "Ausschuss",
            "meeting": urls("organization_meetings", committee.pk),
            "consultation": urls("organization_consultations", committee.pk),
        }
    )
    if committee.short_name:
        data["shortName"] = committee.short_name
    return data


def _result_published(consultation) -> bool:
    """A recorded result visitors may read (the rule of the paper page, `Consultation.is_published`)."""
    return bool(consultation.outcome) and consultation.is_published


def _public_item(consultation):
    """The consultation's agenda item if the public may see it, else None."""
    item = consultation.agenda_item
    return item if item is not None and item.is_public and item.meeting.is_public else None


def consultation(urls: Urls, row) -> Json:
    data = _common(urls, "Consultation", "consultation", row.pk, row.created, row.oparl_modified)
    data.update(
        {
            "paper": urls("paper", row.paper_id),
            "organization": [urls("organization", row.committee_id)],
            "authoritative": row.role == row.Role.DECISION,
            "role": str(row.get_role_display()),
        }
    )
    item = _public_item(row)
    if item is not None:
        data["agendaItem"] = urls("agendaitem", item.pk)
        data["meeting"] = urls("meeting", item.meeting_id)
    if _result_published(row):
        data[f"{VENDOR}:result"] = str(row.get_outcome_display())
        data[f"{VENDOR}:date"] = row.date.isoformat()
        for field, name in (("votes_yes", "votesYes"), ("votes_no", "votesNo"), ("abstentions", "abstentions")):
            if getattr(row, field) is not None:
                data[f"{VENDOR}:{name}"] = getattr(row, field)
    return data


def main_file(urls: Urls, paper) -> Json:
    """The frozen PDF of a released paper."""
    data = _common(urls, "File", "file", f"paper-{paper.pk}", paper.created, paper.modified)
    pdf_url = urls.page(paper.get_pdf_url())
    data.update(
        {
            "name": f"Vorlage {paper.reference}",
            "fileName": paper.pdf_filename,
            "mimeType": "application/pdf",
            "date": paper.date.isoformat(),
            "accessUrl": f"{pdf_url}?inline",
            "downloadUrl": pdf_url,
            "paper": [urls("paper", paper.pk)],
        }
    )
    return data


def attachment_file(urls: Urls, attachment) -> Json:
    data = _common(urls, "File", "file", f"attachment-{attachment.pk}", attachment.created, attachment.oparl_modified)
    url = urls.page(
        reverse(
            "papers:attachment_download",
            kwargs={"slug": attachment.district.slug, "pk": attachment.paper_id, "attachment_pk": attachment.pk},
        )
    )
    data.update(
        {
            "name": attachment.title,
            "fileName": attachment.download_name,
            "mimeType": mimetypes.guess_type(attachment.download_name)[0] or "application/octet-stream",
            "accessUrl": url,
            "downloadUrl": url,
            "paper": [urls("paper", attachment.paper_id)],
        }
    )
    return data


def _common_person(urls: Urls, slug: str, key: str, created, modified) -> Json:
    return {
        "id": urls("person", slug, key),
        "type": f"{SCHEMA}Person",
        "created": stamp(created),
        "modified": stamp(modified),
    }


def person(urls: Urls, district, row: dict) -> Json:
    from .selectors import person_key

    key = person_key(row["contact_person"])
    data = _common_person(urls, district.slug, key, row["first_created"], row["oparl_modified"])
    data.update({"body": urls("body", district.slug), "name": row["contact_person"]})
    return data


def paper(urls: Urls, row) -> Json:
    """A paper with its public consultations and files embedded, as OParl 1.1 has them."""
    from .selectors import person_key

    data = _common(urls, "Paper", "paper", row.pk, row.created, row.oparl_modified)
    related = [urls("paper", row.original_id)] if row.original_id and _is_public(row.original) else []
    related += [urls("paper", follow_up.pk) for follow_up in row.public_follow_ups]
    data.update(
        {
            "body": urls("body", row.district.slug),
            "name": row.title,
            "reference": row.reference,
            "date": row.date.isoformat(),
            "paperType": str(row.get_paper_type_display()),
            "mainFile": main_file(urls, row),
            "auxiliaryFile": [attachment_file(urls, _as_row(item, row)) for item in row.public_files]
            + [extract_file(urls, item) for item in row.public_consultations if _result_published(item)],
            "consultation": [consultation(urls, item) for item in row.public_consultations],
            "web": urls.page(row.get_absolute_url()),
        }
    )
    if related:
        data["relatedPaper"] = related
    if row.district.oparl_publish_persons and row.contact_person.strip():
        data["originatorPerson"] = [urls("person", row.district.slug, person_key(row.contact_person))]
    return data


def _is_public(paper) -> bool:
    return paper.is_public and paper.is_released


def _as_row(attachment, paper_row):
    """An attachment prefetched with its paper, given the OParl `modified` a list row would have."""
    attachment.oparl_modified = max(attachment.modified, paper_row.modified)
    attachment.paper = paper_row
    attachment.district = paper_row.district
    return attachment


def extract_file(urls: Urls, row) -> Json:
    """The decision extract (Beschlussauszug) of a consultation with a recorded result."""
    key = f"extract-{row.pk}"
    data = _common(urls, "File", "file", key, row.created, row.oparl_modified)
    download = urls.page(
        reverse("papers:extract_pdf", kwargs={"slug": row.district.slug, "pk": row.paper_id, "consultation_pk": row.pk})
    )
    data.update(
        {
            "name": f"Beschlussauszug {row.paper.reference}, {row.meeting_date:%d.%m.%Y}",
            "fileName": f"Beschlussauszug-{row.paper.pdf_filename}",
            "mimeType": "application/pdf",
            "date": row.meeting_date.isoformat(),
            "accessUrl": download,
            "downloadUrl": download,
            "paper": [urls("paper", row.paper_id)],
        }
    )
    item = _public_item(row)
    if item is not None:
        data["agendaItem"] = [urls("agendaitem", item.pk)]
    return data


MEETING_FILES = {"invitation": "Einladung", "minutes": "Niederschrift"}


def meeting_file(urls: Urls, meeting, field: str) -> Json:
    """The invitation or the minutes of a public meeting."""
    key = f"{field}-{meeting.pk}"
    data = _common(urls, "File", "file", key, meeting.created, meeting.modified)
    download = urls.page(
        reverse("papers:meeting_file", kwargs={"slug": meeting.district.slug, "pk": meeting.pk, "kind": field})
    )
    name = getattr(meeting, field).name
    data.update(
        {
            "name": f"{MEETING_FILES[field]} {meeting.title}, {meeting.date:%d.%m.%Y}",
            "fileName": name.rsplit("/", 1)[-1],
            "mimeType": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "date": meeting.date.isoformat(),
            "accessUrl": download,
            "downloadUrl": download,
            "meeting": [urls("meeting", meeting.pk)],
        }
    )
    return data


def location(urls: Urls, row) -> Json:
    data = _common(urls, "Location", "location", row.pk, row.created, row.oparl_modified)
    data["description"] = row.description
    for field, name in (("street_address", "streetAddress"), ("room", "room"), ("postal_code", "postalCode")):
        if getattr(row, field):
            data[name] = getattr(row, field)
    if row.locality:
        data["locality"] = row.locality
    if hasattr(row, "public_meetings"):
        data["meetings"] = [urls("meeting", meeting.pk) for meeting in row.public_meetings]
    return data


def agenda_item(urls: Urls, row) -> Json:
    data = _common(urls, "AgendaItem", "agendaitem", row.pk, row.created, row.oparl_modified)
    data.update(
        {
            "meeting": urls("meeting", row.meeting_id),
            "number": row.number,
            "order": row.order,
            "name": row.title,
            "public": True,
        }
    )
    consulted = row.public_consultations[0] if row.public_consultations else None
    if consulted is not None:
        data["consultation"] = urls("consultation", consulted.pk)
        if _result_published(consulted):
            data["result"] = str(consulted.get_outcome_display())
            data["resolutionText"] = consulted.resolution_text
            data["resolutionFile"] = extract_file(urls, consulted)
    return data


def meeting(urls: Urls, row) -> Json:
    """A public meeting with its location, files and public agenda items embedded."""
    data = _common(urls, "Meeting", "meeting", row.pk, row.created, row.oparl_modified)
    data.update(
        {
            "name": row.title,
            "meetingState": str(row.get_state_display()),
            "cancelled": row.state == row.State.CANCELLED,
            "start": stamp(row.start),
            "organization": [urls("organization", row.committee_id)],
            "agendaItem": [agenda_item(urls, item) for item in row.public_items],
            "web": urls.page(row.get_absolute_url()),
        }
    )
    if row.end:
        data["end"] = stamp(row.end)
    if row.location is not None:
        row.location.oparl_modified = row.location.modified
        data["location"] = location(urls, row.location)
    if row.invitation:
        data["invitation"] = meeting_file(urls, row, "invitation")
    if row.minutes:
        data["resultsProtocol"] = meeting_file(urls, row, "minutes")
    return data
