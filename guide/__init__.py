"""Escalation guide: one partnership's escalation policy as a manual, a decision guide and filled forms.

Two halves:

- ``guide.engine`` runs in the browser under Pyodide and in CPython: standard library only;
- ``guide.publish`` is build time: it reads and checks the policy files and builds the site, with libraries.

Arrows run one way: ``guide.publish`` imports ``guide.engine``, never the reverse.
"""

__version__ = "1.0.0"
