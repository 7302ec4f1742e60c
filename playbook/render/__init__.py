"""Renderers: content and calculators → HTML, always through :mod:`calculators.html`."""
