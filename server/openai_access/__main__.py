from openai_access.cli import main

raise SystemExit(main())
