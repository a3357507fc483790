"""Entry point of the extraction zygote: python -m extraction._zygote FD (see zygote.py)."""

import sys

from extraction.zygote import serve

if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1])))
