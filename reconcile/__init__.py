"""reconcile: check news stories against each other.

The stages read top to bottom as the data flows: ingest -> overlap -> claims ->
findings -> render. Each takes plain data (see `reconcile.model`) and returns plain data.
"""

__version__ = "0.1.0"
