"""The stages, from a session file to a numbered document tree.

load (fastyaml, fullyaml) → validate (model, checks, lists, states, symbols) →
compose (templates, sandbox, view, prose, language) → numbering (references, drafts).
Nothing here writes a file or knows an output format.
"""
