"""Fuzz target: two articles through overlaps, claims and findings (see
`targets.pipeline_one`). Run through `run.py`."""

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
with atheris.instrument_imports(include=["reconcile"]):
    import targets

targets.memoise_lsh_parameters()

if __name__ == "__main__":
    atheris.Setup(sys.argv, targets.pipeline_one)
    atheris.Fuzz()
