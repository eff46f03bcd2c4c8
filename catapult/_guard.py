"""A :class:`~catapult.CatapultError` leaves the SDK without the locals of the SDK's frames.

A traceback shown with its frames' locals (``pytest -l``, ``rich``, error trackers) repeats
what every frame held: the arguments of ``calls.create(callback_url=...)``, the JSON body
built from them, a callback URL's password included. The public methods of the managers,
the models and :class:`~catapult.Client` are wrapped once, when their class is made: when a
``CatapultError`` leaves one, the locals of every finished frame below it are cleared
(:func:`traceback.clear_frames`). The frames stay in the traceback, with their files, lines
and functions; only their variables are gone. Other exceptions (a bug) keep everything.
"""

from __future__ import annotations

import functools
import inspect
import traceback
from collections.abc import Callable
from types import CodeType, FunctionType
from typing import Any

from ._errors import CatapultError

_WRAPPERS: set[CodeType] = set()
"""The code of the wrappers :func:`guarded` makes (``functools.wraps`` copies a wrapped
function's attributes onto its wrapper, so a mark set as an attribute would spread)."""


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (sync or async), clearing the SDK frames' locals of a CatapultError."""
    if inspect.iscoroutinefunction(function):

        async def guarded_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await function(*args, **kwargs)
            except CatapultError as error:
                del args, kwargs  # this frame is still running: its locals go this way
                traceback.clear_frames(error.__traceback__)
                raise

        _WRAPPERS.add(guarded_async.__code__)
        return functools.wraps(function)(guarded_async)

    def guarded_sync(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CatapultError as error:
            del args, kwargs
            traceback.clear_frames(error.__traceback__)
            raise

    _WRAPPERS.add(guarded_sync.__code__)
    return functools.wraps(function)(guarded_sync)


def guard_public_methods(cls: type) -> None:
    """Wrap every public method ``cls`` has from catapult's own classes (its own and the
    ones it inherits), on ``cls`` itself; already wrapped ones are left as they are."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        ours = klass.__module__.startswith("catapult.")
        for name, value in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)  # the first class in the MRO that has a name decides
            public = ours and not name.startswith("_") and isinstance(value, FunctionType)
            if public and value.__code__ not in _WRAPPERS:
                setattr(cls, name, guarded(value))
