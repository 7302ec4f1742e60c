"""Python-Markdown extensions of the playbook (usable with or without MkDocs)."""
