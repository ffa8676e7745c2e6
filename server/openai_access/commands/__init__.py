"""One module per CLI subcommand; each renders engine results and returns an exit code."""
