"""``python -m reportgen.stylediff OURS.docx THEIRS.docx``: the command without the CLI wiring."""

import sys

from .command import main

sys.exit(main())
