"""End-to-end tests: real editors (Neovim 0.11 and 0.7, VS Code via code-server) driving the
real server. Every test here that starts an editor is marked ``e2e``."""

from __future__ import annotations

import sys
from pathlib import Path

# The helpers sit next to the tests; tests/ is not a package.
sys.path.insert(0, str(Path(__file__).parent))
