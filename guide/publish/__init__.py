"""Build time: reading and checking policy files, bank holidays, the manual's pages, decision tables, the site.

These modules may use libraries (PyYAML, jsonschema, holidays, Jinja2, Markdown, MkDocs). They import from
``guide.engine``; the engine never imports from here.
"""
