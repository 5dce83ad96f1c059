"""The commands of ``reportgen``, one module each, imported only when one is used.

Each module defines its click command as ``command``. ``reportgen.cli`` imports a
command's module when the command runs, when its own help is asked for, or when a
shell completes its options; the group's help lists the commands from ``COMMANDS``
alone, so that ``reportgen --help`` defines none of them.
"""

from __future__ import annotations

# Each command's name, the module below reportgen.commands that defines it, and the
# first line of its help, which the group's help lists (tests/test_cli_commands.py
# checks that each is the command's own).
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "Build every document of each session in PATHS."),
    "check": ("check", "Check the sessions in PATHS (and their translations) without "
                       "writing anything."),
    "compare": ("compare", "Write NEW's report with every change from OLD as tracked "
                           "changes."),
    "corrigendum": ("corrigendum", "Write the corrigendum that corrects ISSUED to read as "
                                   "CORRECTED."),
    "new": ("new", "Start a session in FOLDER: write FOLDER/session.yaml, ready to check "
                   "and build."),
    "numbers": ("numbers", "Show how paragraph and recommendation numbers moved from OLD "
                           "to NEW."),
    "pages": ("pages", "Show where each page of PDF and of DOCX (laid out by LibreOffice) "
                       "begins."),
    "schema": ("schema", "Print the JSON Schema (draft-07) of a session file."),
    "style-diff": ("style_diff", "Compare the Word styles, page setup and headers/footers "
                                 "of two DOCX files."),
    "watch": ("watch", "Build the sessions in PATHS, then again after every save, until "
                       "Ctrl-C."),
}
