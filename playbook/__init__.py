"""The sales-playbook generator: content model, validation, renderers, Markdown extensions,
browser assets and the ``playbook`` command. Importable and testable without running MkDocs."""

__version__ = "0.1.0"
