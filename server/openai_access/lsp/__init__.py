"""pygls 2 glue: documents in, diagnostics/hover/code actions/completion/commands out.

Every decision is made by the engine; these modules only translate between LSP types and
``Verdict``s, schedule work off the typing path, and talk to the client.
"""
