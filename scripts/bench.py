"""The benchmark as a plain script: the same as `jixiao bench` (see loaders/bench.py).

.venv/bin/python scripts/bench.py --reports 1000,10000,100000
"""

from __future__ import annotations

import sys

from loaders.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
