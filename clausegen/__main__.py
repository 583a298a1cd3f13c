"""`python -m clausegen ...` runs the command line, as the `clausegen` script does."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="clausegen")
