"""`python -m hospital_desk` runs the same CLI as the `hospital-desk` command."""

from hospital_desk.cli import main

raise SystemExit(main())
