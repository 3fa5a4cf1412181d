"""Fuzz target: bytes read as an input file is read (see `targets.ingest_one`).
Run through `run.py`."""

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
with atheris.instrument_imports(include=["reconcile"]):
    import targets

if __name__ == "__main__":
    atheris.Setup(sys.argv, targets.ingest_one)
    atheris.Fuzz()
