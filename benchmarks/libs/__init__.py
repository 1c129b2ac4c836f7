"""One module per library: the variants it offers for each scenario it can do.

Each module has ``LIBRARIES`` (the library's name in each scenario it takes part in), ``CANNOT`` (the
scenarios it cannot do, with the reason), ``variants(context)`` (a Variant by scenario, importing the
library only then; not in a module that only does the DRF scenario) and, where it takes part in the DRF
scenario, ``drf(context)`` and ``PREFIX`` (where it serves its list).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

MODULES = ("raw", "ours", "beanie_odm", "mongoengine_odm", "odmantic_odm", "aggify_odm", "django_orm")
EXTRA = ("floor",)  # measured only when named: ``--libraries floor``


def load(name: str) -> ModuleType:
    return import_module(f"{__name__}.{name}")
