"""Values that hold for the length of a block: a request, a job, an import, a command."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def bound(var: ContextVar[T], value: T) -> Iterator[None]:
    """`var` is `value` inside the block and what it was before once the block ends, also when it raises."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)
