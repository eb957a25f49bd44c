"""The kinds of job: each app registers what a kind does and who may see its jobs."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Any
    run: Callable[..., None]
    # visible(job=..., user=...) -> bool: may this user (not the requester) see the job? None: the district's staff.
    visible: Callable[..., bool] | None = None


_KINDS: dict[str, JobKind] = {}


def register(name: str, *, label, run: Callable[..., None], visible: Callable[..., bool] | None = None) -> JobKind:
    """Make a kind of job known. `run(context)` does the work (see `services.JobContext`).

    Call it at import of the app's module that defines `run`, from the app's `AppConfig.ready()`, so the web
    processes and the worker know the same kinds.
    """
    kind = _KINDS[name] = JobKind(name=name, label=label, run=run, visible=visible)
    return kind


def get_kind(name: str) -> JobKind | None:
    return _KINDS.get(name)


def kind_label(name: str):
    kind = _KINDS.get(name)
    return kind.label if kind else _("Background job")


def kind_choices() -> list[tuple[str, Any]]:
    return sorted(((name, kind.label) for name, kind in _KINDS.items()), key=lambda choice: str(choice[1]))
