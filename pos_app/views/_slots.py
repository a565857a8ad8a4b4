"""A typed face for qasync's `asyncSlot` (qasync ships no type hints)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, cast

from qasync import asyncSlot

__all__ = ["async_slot"]

P = ParamSpec("P")


def async_slot(
    *types: type,
) -> Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, Any]]:
    """`qasync.asyncSlot(*types)`: the method runs as a task when the signal fires.

    Use it on methods only (qasync 0.28 fails on free functions, qasync #147), keep the body
    one line that awaits a coroutine of the class, and never await the slot itself.
    """
    return cast(
        Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, Any]], asyncSlot(*types)
    )
