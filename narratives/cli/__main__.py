"""``python -m narratives.cli``: the command line."""

import sys

from narratives.cli import main

sys.exit(main())
