"""What a legal reviewer runs: the library lint at `file:line` (`check`), one clause rendered
alone (`preview`) and a Word redline between two versions of the library (`redline`)."""
