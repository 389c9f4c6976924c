"""Former home of the data stage, kept so that ``from paramest.ingest import ...`` works.

Everything now lives in :mod:`paramest.data`; this module only re-exports it.
"""

from .data import *  # noqa: F403
from .data import __all__  # noqa: F401
