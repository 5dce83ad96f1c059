"""Commands beside the build: ``reportgen numbers`` and ``reportgen style-diff``."""
