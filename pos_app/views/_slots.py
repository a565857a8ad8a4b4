"""A typed face for qasync's `asyncSlot` (qasync ships no type hints), loaded when first used."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, cast

from PySide6.QtCore import Slot

__all__ = ["async_slot"]

P = ParamSpec("P")


def async_slot(
    *types: type,
) -> Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, Any]]:
    """`qasync.asyncSlot(*types)`: the method runs as a task when the signal fires.

    Use it on methods only (qasync 0.28 fails on free functions, qasync #147), keep the body
    one line that awaits a coroutine of the class, and never await the slot itself.

    qasync (and asyncio with it) is imported on the first call, not when a class is defined:
    the window can be built and shown before the event loop's machinery is loaded.
    """

    def decorate(method: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, Any]:
        real: Callable[..., Any] | None = None

        @Slot(*types)
        @functools.wraps(method)
        def slot(*args: Any, **kwargs: Any) -> Any:
            nonlocal real
            if real is None:
                from qasync import asyncSlot  # noqa: PLC0415 - see the docstring

                real = asyncSlot(*types)(method)
            return real(*args, **kwargs)

        return cast(Callable[P, Any], slot)

    return decorate
