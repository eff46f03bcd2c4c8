"""Field documentation for ``help()``: a model's attribute docstrings, listed in its ``__doc__``.

Fields are documented with attribute docstrings (the string literal under a field): IDEs show
them on hover and the documentation site reads them, but ``help()`` prints only the class
docstring. Models whose metaclass is :class:`FieldDocMeta` answer ``__doc__`` with their own
docstring plus one line per documented field. The source is read the first time ``__doc__`` is
asked for, never at import, so defining the models costs nothing more.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from typing import Any

from pydantic import BaseModel
from pydantic._internal._model_construction import ModelMetaclass

_cache: dict[object, str | None] = {}


class FieldDocMeta(ModelMetaclass):
    """Pydantic's model metaclass, with a ``__doc__`` that lists the fields' docstrings."""

    @property
    def __doc__(cls) -> str | None:  # type: ignore[override]
        key: object = cls
        if key not in _cache:
            _cache[key] = _document(cls)
        return _cache[key]


def _document(cls: type) -> str | None:
    own: Any = cls.__dict__.get("__doc__")
    doc = inspect.cleandoc(own) if isinstance(own, str) else None
    fields = getattr(cls, "model_fields", {})
    docs = field_docstrings(cls)
    lines: list[str] = []
    for name, info in fields.items():
        text = docs.get(name)
        if text:
            alias = info.alias
            wire = f" (wire name ``{alias}``)" if alias and alias != name else ""
            lines.append(f"    {name}{wire}: {' '.join(text.split())}")
    if not lines:
        return doc
    return (doc or "") + "\n\nFields:\n" + "\n".join(lines) + "\n"


def field_docstrings(cls: type) -> dict[str, str]:
    """Attribute docstrings of ``cls`` and its model bases: field name -> text."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not issubclass(klass, BaseModel) or klass is BaseModel:
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):
            continue
        body = ast.parse(source).body
        if not body or not isinstance(body[0], ast.ClassDef):
            continue
        statements = body[0].body
        for node, after in itertools.pairwise(statements):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[node.target.id] = inspect.cleandoc(after.value.value)
    return found
