import sys

from danvan.cli import main

sys.exit(main())
