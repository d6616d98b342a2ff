"""``python -m spinekg`` runs the command-line interface."""

from spinekg.cli import main

if __name__ == "__main__":
    main()
