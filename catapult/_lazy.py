"""Names a module exports but imports only on first use (PEP 562 module ``__getattr__``).

``import catapult`` stays cheap this way: a name's module is imported when the name is first
read, then the value is stored in the module's namespace so later reads skip the hook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, Generic, TypeVar, overload

from typing_extensions import Self

M = TypeVar("M")


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
    """A module ``__dir__`` listing its public names (its ``__all__``, loaded or not) and its
    dunders: what the module imports for itself (``Any``, helpers) is no part of its API."""

    def __dir__() -> list[str]:
        dunders = (name for name in namespace if name.startswith("__"))
        return sorted({*dunders, *namespace.get("__all__", ())})

    return __dir__


class LazyManager(Generic[M]):
    """A session's manager built on first access, its module imported only then.

    ``calls: LazyManager[Calls] = LazyManager(".resources.calls", "Calls")`` on a session
    class: ``session.calls`` imports ``catapult.resources.calls``, builds ``Calls(session)``
    and keeps it in the session's ``__dict__``, so later reads skip this descriptor.
    """

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name
        self._attribute = name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute

    @overload
    def __get__(self, session: None, owner: type) -> Self: ...
    @overload
    def __get__(self, session: object, owner: type) -> M: ...
    def __get__(self, session: object, owner: type) -> Self | M:
        if session is None:
            return self
        manager: M = getattr(import_module(self._module, __package__), self._name)(session)
        session.__dict__[self._attribute] = manager
        return manager


class LazyModule:
    """A module imported on its first attribute read.

    For a module whose annotations name another one only type checkers import (to keep that
    import off the first request): bound to the same name at run time, it lets
    ``typing.get_type_hints`` and pydantic's ``TypeAdapter`` read those annotations.
    """

    def __init__(self, name: str, package: str) -> None:
        self._name = name
        self._package = package

    def __getattr__(self, attribute: str) -> Any:
        return getattr(import_module(self._name, self._package), attribute)

    def __repr__(self) -> str:
        return f"<LazyModule {self._name!r} from {self._package!r}>"
