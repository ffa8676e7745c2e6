"""Renderers: the same verdicts as CLI text, JSON, SARIF and Markdown (hover, report)."""
