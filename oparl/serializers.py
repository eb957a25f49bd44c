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
    if row.outcome:
        data[f"{VENDOR}:result"] = str(row.get_outcome_display())
        data[f"{VENDOR}:date"] = row.date.isoformat()
        for field, name in (("votes_yes", "votesYes"), ("votes_no", "votesNo"), ("abstentions", "abstentions")):
            if getattr(row, field) is not None:
                data[f"{VENDOR}:{name}"] = getattr(row, field)
    return data


def main_file(urls: Urls, paper) -> Json:
    """The frozen PDF of a released paper."""
    data = _common(urls, "File", "file", f"paper-{paper.pk}", paper.created, paper.oparl_modified)
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
            "auxiliaryFile": [attachment_file(urls, _as_row(item, row)) for item in row.public_files],
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
