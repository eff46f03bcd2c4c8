"""Names a module exports but imports only on first use (PEP 562 module ``__getattr__``).

``import catapult`` stays cheap this way: a name's module is imported when the name is first
read, then the value is stored in the module's namespace so later reads skip the hook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_getattr(namespace: dict[str, Any], homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` importing each name of ``homes`` from its (relative) module.

    ``namespace`` is the module's ``globals()``; ``homes`` maps a name to the module it lives
    in, relative to the module's package (``".resources.calls"``).
    """
    module_name, package = namespace["__name__"], namespace["__package__"]

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(import_module(home, package), name)
        namespace[name] = value  # later reads skip __getattr__
        return value

    return __getattr__


def lazy_dir(namespace: dict[str, Any]) -> Callable[[], list[str]]:
    """A module ``__dir__`` listing its defined names and everything in its ``__all__``."""

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace.get("__all__", ())})

    return __dir__
