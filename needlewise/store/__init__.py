"""Storage: the engine, the tables and the migrations that create them."""

from .engine import PoolLimits, StoreError, open_store, transaction

__all__ = ["PoolLimits", "StoreError", "open_store", "transaction"]
