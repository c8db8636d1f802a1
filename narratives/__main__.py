"""``python -m narratives``: the same command line as ``narratives``."""

import sys

from narratives.cli import main

sys.exit(main())
