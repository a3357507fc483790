"""Entry point of the isolated extraction child: python -m extraction._child REQUEST RESULT."""

import sys

from extraction.isolate import _child_main

if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1], sys.argv[2]))
