"""Plotly figure builders, one module per page, on one shared template (``base``)."""
from .base import footnote  # noqa: F401
