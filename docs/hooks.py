"""Build-time helpers for the paramest docs: Sphinx roles as links, constants as values.

paramest's docstrings are numpydoc and use Sphinx roles (``:func:`estimate_size```,
``:class:`~paramest.errors.ConvergenceError```). mkdocstrings renders Markdown, where a role
is literal text. This file rewrites every role into an mkdocs-autorefs link,
``[`estimate_size`][paramest.inversion.estimate_size]``, so that it renders as a link to
the object's entry in the API reference.

It is used twice by ``docs/mkdocs.yml``:

* as an **MkDocs hook** (``hooks: [hooks.py]``): roles in the Markdown pages
  (``on_page_markdown``);
* as a **griffe extension** of the mkdocstrings Python handler
  (``extensions: [hooks.py:RoleLinks]``): roles in every docstring of the package, and
  parameter defaults that name a module constant (``grid_b=GRID_B``) shown as the
  constant's value (``grid_b=(0.01, 1e6)``).

Resolution of a role's target, in order: a full dotted path; the name in the scope of the
object whose docstring it is (its members, its module, the enclosing packages and their
imports); ``paramest.<name>``; the only object of the package whose path ends in the name.
Sphinx's ``~`` (show the last component) and leading dots are understood, as is an explicit
title (``:func:`the fit <paramest.fit>```).

What becomes of a role:

* a public object of the package -> a link. If the API reference does not render that
  object, ``mkdocs build --strict`` fails with "Could not find cross-reference target":
  document it (``docs/pages/api.md``) rather than silence the link;
* a private object (a ``_name`` anywhere in its path), a builtin (``ValueError``) or
  another library's object -> code, without a link (nothing to link to offline);
* a name that resolves to nothing -> code, and a warning naming the docstring, so a typo
  fails the strict build.
"""

from __future__ import annotations

import builtins
import logging
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = "paramest"
REPO = Path(__file__).resolve().parent.parent

log = logging.getLogger("mkdocs.hooks.paramest_roles")

ROLES = ("func", "class", "meth", "mod", "attr", "data", "exc", "obj", "const")
# A role, or an inline code span (left alone), or a fenced-code delimiter line.
_TOKEN = re.compile(
    r"(?P<role>:(?:py:)?(?P<kind>" + "|".join(ROLES) + r"):`(?P<body>[^`]+)`)"
    r"|(?P<code>(?P<ticks>`+)(?:(?!(?P=ticks)).)+(?P=ticks))",
    re.S,
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXPLICIT = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.S)
_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


# ---------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------


def _lookup(collection: Any, path: str) -> Any:
    """The object at ``path`` in a griffe modules collection, or None."""
    try:
        obj = collection.get_member(path)
    except Exception:  # KeyError, alias resolution errors, ...
        return None
    try:
        obj.canonical_path  # noqa: B018 - an alias to something not loaded fails here
    except Exception:
        return None
    return obj


def _index(collection: Any) -> dict[str, list[str]]:
    """Last path component -> canonical paths of every object of the package."""
    out: dict[str, list[str]] = {}
    try:
        root = collection.get_member(PACKAGE)
    except Exception:
        return out

    def walk(obj: Any) -> None:
        out.setdefault(obj.name, []).append(obj.path)
        for member in obj.members.values():
            if not member.is_alias:
                walk(member)

    walk(root)
    return out


def _private(path: str) -> bool:
    return any(p.startswith("_") and not (p.startswith("__") and p.endswith("__"))
               for p in path.split("."))


def resolve(name: str, collection: Any, scope: Any = None, index: dict | None = None) -> str | None:
    """Canonical path of ``name``, or None when nothing in the package has that name."""
    name = name.strip().lstrip(".")
    if not name:
        return None
    first, _, rest = name.partition(".")
    candidates = []
    if first == PACKAGE:
        candidates.append(name)
    if scope is not None:
        try:
            base = scope.resolve(first)
        except Exception:  # NameResolutionError and friends
            base = None
        if base:
            candidates.append(f"{base}.{rest}" if rest else base)
    candidates.append(f"{PACKAGE}.{name}")
    for path in candidates:
        obj = _lookup(collection, path)
        if obj is not None:
            return obj.canonical_path
    if index is not None:
        leaf = name.rsplit(".", 1)[-1]
        hits = sorted({p for p in index.get(leaf, []) if p == name or p.endswith("." + name)})
        if len(hits) == 1:
            return hits[0]
    return None


def _is_external(name: str, scope: Any = None) -> bool:
    """A builtin, or another library's object (by its module, or imported into scope)."""
    first = name.strip().lstrip(".").split(".", 1)[0]
    if first == PACKAGE:
        return False
    if hasattr(builtins, first) or first in sys.stdlib_module_names or first in {
            "np", "numpy", "pd", "pandas", "scipy", "statsmodels", "sklearn", "matplotlib",
            "plt", "json", "pathlib", "datetime", "typing", "collections", "argparse"}:
        return True
    try:
        return not scope.resolve(first).startswith(PACKAGE + ".")
    except Exception:  # no scope, or the name is not imported there
        return False


def rewrite(text: str, collection: Any, *, scope: Any = None, index: dict | None = None,
            where: str = "") -> str:
    """``text`` with every Sphinx role replaced by an autorefs link (or code)."""
    if ":`" not in text:
        return text
    # Fenced code and doctest lines are left alone; the rest is rewritten as a whole,
    # because a role may wrap across lines in a docstring.
    chunks, buf, fenced = [], [], False
    for line in text.splitlines(keepends=True):
        is_fence = bool(_FENCE.match(line))
        protected = fenced or is_fence or line.lstrip().startswith(">>>")
        if protected:
            if buf:
                chunks.append(("text", "".join(buf)))
                buf = []
            chunks.append(("keep", line))
        else:
            buf.append(line)
        if is_fence:
            fenced = not fenced
    if buf:
        chunks.append(("text", "".join(buf)))

    def repl(m: re.Match) -> str:
        if m.group("code") is not None:
            return m.group(0)
        body = " ".join(m.group("body").split())
        explicit = _EXPLICIT.match(body)
        if explicit:
            title, target = explicit.group("title"), explicit.group("target").strip()
        else:
            target = body
            title = None
        short = target.startswith("~")
        target = target.lstrip("~")
        if title is None:
            title = target.lstrip(".").rsplit(".", 1)[-1] if short else target.lstrip(".")
        path = resolve(target, collection, scope, index)
        if path is None:
            if not _is_external(target, scope):
                log.warning("docs/hooks.py: cannot resolve :%s:`%s`%s; fix the reference",
                            m.group("kind"), m.group("body"), f" in {where}" if where else "")
            return f"`{title}`"
        if _private(path):
            return f"`{title}`"
        return f"[`{title}`][{path}]"

    return "".join(_TOKEN.sub(repl, c) if kind == "text" else c for kind, c in chunks)


# ---------------------------------------------------------------------------------------
# griffe extension: docstrings and defaults
# ---------------------------------------------------------------------------------------

try:
    import griffe
except ImportError:  # pragma: no cover - griffe ships with mkdocstrings[python]
    griffe = None


if griffe is not None:

    class RoleLinks(griffe.Extension):
        """Rewrite Sphinx roles in docstrings; show constant defaults by value."""

        def on_package(self, *, pkg: Any, loader: Any, **kwargs: Any) -> None:
            if pkg.name != PACKAGE:
                return
            collection = loader.modules_collection
            index = _index(collection)

            def walk(obj: Any) -> None:
                if obj.docstring is not None and ":`" in obj.docstring.value:
                    obj.docstring.value = rewrite(obj.docstring.value, collection, scope=obj,
                                                  index=index, where=obj.path)
                if obj.is_function:
                    _constant_defaults(obj, collection)
                elif obj.is_attribute and obj.parent is not None and obj.parent.is_class:
                    # a dataclass field: griffe builds __init__ from it after this runs
                    value = _constant_value(obj.parent, obj.value, collection)
                    if value is not None:
                        obj.value = value
                for member in obj.members.values():
                    if not member.is_alias:
                        walk(member)

            walk(pkg)

    def _constant_value(scope: Any, default: Any, collection: Any) -> Any:
        """The value of the module constant that ``default`` names, or None."""
        if default is None or not _CONSTANT.match(str(default)):
            return None
        try:
            const = _lookup(collection, scope.resolve(str(default)))
        except Exception:  # NameResolutionError and friends
            return None
        if const is not None and const.is_alias:
            const = const.final_target
        if getattr(const, "is_attribute", False) and const.value is not None:
            return const.value
        return None

    def _constant_defaults(func: Any, collection: Any) -> None:
        """``grid_b=GRID_B`` -> ``grid_b=(0.01, 1e6)``: a reader needs the value."""
        for param in func.parameters:
            value = _constant_value(func, param.default, collection)
            if value is not None:
                param.default = value


# ---------------------------------------------------------------------------------------
# MkDocs hook: Markdown pages
# ---------------------------------------------------------------------------------------


@cache
def _page_collection() -> tuple[Any, dict]:
    loader = griffe.GriffeLoader(search_paths=[str(REPO)])
    loader.load(PACKAGE)
    return loader.modules_collection, _index(loader.modules_collection)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Rewrite roles written in the Markdown pages themselves."""
    if griffe is None or ":`" not in markdown:
        return markdown
    collection, index = _page_collection()
    return rewrite(markdown, collection, index=index, where=page.file.src_path)
