"""``python -m paramest``: the command line (see :mod:`paramest.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
