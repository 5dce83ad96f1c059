"""``python -m reportgen.stylediff OURS.docx THEIRS.docx``: the command without the CLI wiring."""

import sys

from reportgen.tools.stylediff.command import main

sys.exit(main())
