"""A griffe extension for the documentation site: Sphinx roles in docstrings become code.

The package's docstrings use roles such as ``:class:`~catapult.Call``` and ``:meth:`refresh```
(which ``help()`` shows as they are). MkDocs renders Markdown, so the site shows each as inline
code: ``Call``, ``refresh()``. Loaded by ``mkdocs.yml`` (mkdocstrings' python handler).
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

ROLE = re.compile(r":(class|meth|func|attr|data|mod|exc|obj):`(~?)([^`]+)`")


def _as_code(match: re.Match[str]) -> str:
    role, short, target = match.groups()
    name = target.rsplit(".", 1)[-1] if short else target
    return f"`{name}()`" if role in ("meth", "func") else f"`{name}`"


def plain(text: str) -> str:
    """The docstring text with every Sphinx role turned into inline code."""
    return ROLE.sub(_as_code, text)


class SphinxRoles(Extension):
    """Rewrites each object's docstring with :func:`plain`."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain(obj.docstring.value)
