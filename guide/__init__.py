"""Escalation guide: one partnership's escalation policy as a manual, a decision guide and filled forms.

The runtime modules (model, conditions, workdays, engine, routes, documents, browser) use the Python standard
library only, so that they run unchanged in CPython and in the browser under Pyodide. The build-time modules
(policy_files, bank_holidays, manual, site) use PyYAML, jsonschema, holidays and Jinja2.
"""

__version__ = "1.0.0"
