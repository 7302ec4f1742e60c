"""Structured playbook content: model, loading/validation, pages."""
