"""Results from the district's council information system, read through its OParl interface.

Read (client) → match (our released papers by reference, consultations by committee) → write through
`papers.services.consultation_record_result`, the same path as a manual entry (history, extract, plan).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from integration_portal import history
from integration_portal.models import District
from papers import services
from papers.models import Consultation, CouncilPaper

from .client import Fetcher, OParlError

VENDOR = "integrationsportal:"


@dataclass
class Result:
    outcome: str
    votes_yes: int | None = None
    votes_no: int | None = None
    abstentions: int | None = None
    amended_text: str = ""
    meeting_date: datetime.date | None = None


def _norm(text) -> str:
    return " ".join(str(text or "").casefold().split())


def outcome_of(text: str) -> str | None:
    """Our outcome for a council system's result text (“Geändert beschlossen”, “abgelehnt”, …), or None."""
    text = _norm(text)
    by_label = {_norm(label): value for value, label in Consultation.Outcome.choices}
    if text in by_label:
        return by_label[text]
    for words, outcome in RESULT_WORDS:
        if any(word in text for word in words):
            return outcome
    return None


# Checked in this order: “ungeändert beschlossen” before “geändert”, both before a plain “beschlossen”.
RESULT_WORDS = (
    (("ungeändert",), Consultation.Outcome.UNCHANGED),
    (("geändert", "mit änderung"), Consultation.Outcome.AMENDED),
    (("abgelehnt",), Consultation.Outcome.REJECTED),
    (("vertagt",), Consultation.Outcome.ADJOURNED),
    (("zurückgestellt",), Consultation.Outcome.DEFERRED),
    (("kenntnis",), Consultation.Outcome.NOTED),
    (("beschlossen", "zugestimmt", "angenommen"), Consultation.Outcome.UNCHANGED),
)


def _day(value) -> datetime.date | None:
    """The local day of an OParl date-time or date, or None."""
    text = str(value or "")
    try:
        moment = parse_datetime(text)
        if moment is not None:
            return timezone.localdate(moment) if moment.tzinfo else moment.date()
        return parse_date(text[:10]) if len(text) >= 10 else None
    except ValueError:  # well-formed but impossible, e.g. “2025-02-30”
        return None


def _count(value) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None


class ResultReader:
    """Reads what the council system says about one of its consultations."""

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def _object(self, value) -> dict:
        if isinstance(value, dict):
            return value
        return self.fetcher.get(value) if isinstance(value, str) else {}

    def organization_names(self, consultation: dict) -> set[str]:
        return {_norm(self._object(url).get("name")) for url in consultation.get("organization") or []}

    def result(self, consultation: dict) -> Result | None:
        item = self._object(consultation.get("agendaItem"))
        text = consultation.get(f"{VENDOR}result") or item.get("result")
        outcome = outcome_of(text) if text else None
        if outcome is None:
            return None
        meeting = self._object(consultation.get("meeting") or item.get("meeting"))
        return Result(
            outcome=outcome,
            votes_yes=_count(consultation.get(f"{VENDOR}votesYes")),
            votes_no=_count(consultation.get(f"{VENDOR}votesNo")),
            abstentions=_count(consultation.get(f"{VENDOR}abstentions")),
            amended_text=str(item.get("resolutionText") or "") if outcome == Consultation.Outcome.AMENDED else "",
            meeting_date=_day(meeting.get("start")) or _day(consultation.get(f"{VENDOR}date")),
        )


def _ours(district: District) -> dict[str, CouncilPaper]:
    papers = CouncilPaper.objects.filter(district=district, status__in=services.RESULT_STATUSES).prefetch_related(
        Prefetch("consultations", queryset=Consultation.objects.select_related("committee"))
    )
    return {_norm(paper.reference): paper for paper in papers}


def _match(paper: CouncilPaper, names: set[str], authoritative: bool) -> Consultation | None:
    """Our consultation of `paper` by the committee's name, else the only decision for an authoritative one."""
    by_name = [item for item in paper.consultations.all() if _norm(item.committee.name) in names]
    if len(by_name) == 1:
        return by_name[0]
    decisions = [item for item in paper.consultations.all() if item.is_authoritative]
    return decisions[0] if authoritative and len(by_name) == 0 and len(decisions) == 1 else None


def describe(consultation: Consultation) -> str:
    """“VO/2025/246, Kreistag, 29.09.2025: ungeändert beschlossen (ja 40, nein 5, Enthaltungen 2)”."""
    line = _("%(reference)s, %(committee)s, %(date)s: %(outcome)s") % {
        "reference": consultation.paper.reference,
        "committee": consultation.committee.name,
        "date": date_format(consultation.date, "d.m.Y"),
        "outcome": consultation.get_outcome_display(),
    }
    if consultation.has_votes:
        line += " " + _("(yes %(yes)s, no %(no)s, abstentions %(abstentions)s)") % {
            "yes": consultation.votes_yes if consultation.votes_yes is not None else "–",
            "no": consultation.votes_no if consultation.votes_no is not None else "–",
            "abstentions": consultation.abstentions if consultation.abstentions is not None else "–",
        }
    return line


def import_results(*, district: District, user=None, path: str = history.COMMAND, fetcher=None) -> list[str]:
    """Fill in outcomes, votes and meeting dates from the district's council system; returns what changed.

    Idempotent: a result already recorded the same way is left alone and not reported.
    Raises OParlError when the system cannot be read or is refused.
    """
    if not district.oparl_source_url:
        raise OParlError(_("No OParl URL of the council system is set for %(district)s.") % {"district": district})
    fetcher = fetcher or Fetcher()
    _system, bodies = fetcher.system_of(district.oparl_source_url)
    reader, ours, changes = ResultReader(fetcher), _ours(district), []
    for body in bodies:
        if not isinstance(body.get("paper"), str):
            continue
        for paper in fetcher.items(body["paper"]):
            ours_paper = ours.get(_norm(paper.get("reference")))
            if ours_paper is None or paper.get("deleted"):
                continue
            for item in paper.get("consultation") or []:
                changes += _apply(reader, ours_paper, reader._object(item), user=user, path=path)
    return changes


def _apply(reader: ResultReader, paper: CouncilPaper, consultation: dict, *, user, path) -> list[str]:
    ours = _match(paper, reader.organization_names(consultation), bool(consultation.get("authoritative")))
    result = reader.result(consultation) if ours is not None else None
    if result is None:
        return []
    before = (ours.outcome, ours.votes_yes, ours.votes_no, ours.abstentions, ours.amended_text, ours.date)
    try:
        saved = services.consultation_record_result(
            consultation=ours,
            outcome=result.outcome,
            votes_yes=result.votes_yes,
            votes_no=result.votes_no,
            abstentions=result.abstentions,
            amended_text=result.amended_text,
            meeting_date=result.meeting_date,
            user=user,
            path=path,
        )
    except ValidationError as error:
        return [
            _("%(reference)s, %(committee)s: not taken over: %(reason)s")
            % {"reference": paper.reference, "committee": ours.committee.name, "reason": " ".join(error.messages)}
        ]
    after = (saved.outcome, saved.votes_yes, saved.votes_no, saved.abstentions, saved.amended_text, saved.date)
    return [describe(saved)] if after != before else []
