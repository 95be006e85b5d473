"""The frozen bundle's entry point: `cedu` (client, `--self-check`, `--version`) and
`cedu --serve ...` (the bundled server), one executable for both."""

import multiprocessing
import sys

from app.ui.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child started by multiprocessing runs here
    sys.exit(main())
