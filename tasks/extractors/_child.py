"""Entry point of the isolated extraction child: python -m tasks.extractors._child REQUEST RESULT."""

import sys

from tasks.extractors.isolate import _child_main

if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1], sys.argv[2]))
