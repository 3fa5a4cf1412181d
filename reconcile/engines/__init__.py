"""Where the per-article and per-pair work runs: this machine's processes (`local`) or a
Dask cluster (`dask`, imported only when asked for)."""

from .local import Engine, LocalEngine, MIN_ITEMS_PER_POOL, available_cores, flatten, make_engine

__all__ = ["Engine", "LocalEngine", "MIN_ITEMS_PER_POOL", "available_cores", "flatten", "make_engine"]
