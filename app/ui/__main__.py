import sys

from app.ui.main import main

sys.exit(main())
