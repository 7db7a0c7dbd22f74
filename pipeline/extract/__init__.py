"""Extractor registry: every module in this package that defines ``NAME`` and
``extract(seg, rules)`` is an extractor. Add a module; there is no list to edit. (What
version of the code made a row is the hash of the code itself: ``pipeline.run.code_version``.)"""
from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Record
from ..rules import RuleSet
from ..segment import Segmented


@dataclass(frozen=True)
class Extractor:
    name: str
    extract: Callable[[Segmented, RuleSet], Iterable[Record]]
    order: int = 50  # extractors run in this order; later ones may read earlier results


@functools.cache
def registry() -> tuple[Extractor, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "NAME") and hasattr(mod, "extract"):
            found.append(Extractor(mod.NAME, mod.extract, getattr(mod, "ORDER", 50)))
    return tuple(sorted(found, key=lambda e: (e.order, e.name)))
