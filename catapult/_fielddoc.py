"""Field documentation for ``help()``: a model's attribute docstrings, listed in its ``__doc__``.

Attribute docstrings (the string literal under a field) reach ``FieldInfo.description`` when the
model config has ``use_attribute_docstrings=True``, and IDEs show them on hover, but ``help()``
only prints the class docstring. :func:`with_field_docs` appends one line per field to it.
"""

from __future__ import annotations

import inspect

from pydantic import BaseModel


def with_field_docs(cls: type[BaseModel]) -> None:
    """Append a ``Fields:`` section naming each documented field to ``cls.__doc__``."""
    lines = []
    for name, info in cls.model_fields.items():
        if info.description:
            wire = f" (wire name ``{info.alias}``)" if info.alias and info.alias != name else ""
            lines.append(f"    {name}{wire}: {' '.join(info.description.split())}")
    if lines:
        doc = inspect.cleandoc(cls.__doc__ or "")
        cls.__doc__ = doc + "\n\nFields:\n" + "\n".join(lines) + "\n"
