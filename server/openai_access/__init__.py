"""openai-access: will each OpenAI model named in this code work for *this* API project?

The engine (scan -> catalog -> access -> verdict) lives in plain modules with no LSP
imports; ``lsp`` and ``cli`` are thin renderers of the same verdicts.
"""

__version__ = "0.1.0"
