"""Scan results cross process boundaries as constructor calls, not as dataclass state.

A batch run's pool processes send back every reference they found (about 100,000 small frozen
objects on a big tree: positions, ranges, call parameters). Python pickles a slotted dataclass
through the ``__getstate__``/``__setstate__`` pair ``dataclasses`` adds, which looks the fields
up again for every object; as ``(cls, field values)`` the same objects pickle in about a third
of the time, and unpickle through their own ``__init__``.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

C = TypeVar("C", bound=type)


def pickled_by_fields(cls: C) -> C:
    """Make a dataclass (every field an ``__init__`` argument) pickle as a call of itself."""
    names = [f.name for f in fields(cls)]
    if any(not f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: a field outside __init__ cannot be pickled as a call")
    if any(f.kw_only for f in fields(cls)):  # the call passes the values by position
        raise TypeError(f"{cls.__name__}: a keyword-only field cannot be pickled as a call by position")
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls
