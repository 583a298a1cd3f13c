"""A separate process for the concurrency test: adds contract folders and stores their reports
through the public API, in the order given, and prints one line per write."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from clausegen.register import add, open_engine, report


def main(url: str, folders: list[str]) -> None:
    engine = open_engine(url)
    for folder in folders:
        path = Path(folder)
        print(add(engine, path).outcome, flush=True)
        print(report(engine, path, path / "verantwoording.csv", datetime.date(2028, 2, 1)).version, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
