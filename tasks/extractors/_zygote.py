"""Entry point of the extraction zygote: python -m tasks.extractors._zygote FD (see zygote.py)."""

import sys

from tasks.extractors.zygote import serve

if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1])))
