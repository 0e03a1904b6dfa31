"""Storage: the engine, the tables and the migrations that create them."""

from .engine import StoreError, open_store, transaction

__all__ = ["StoreError", "open_store", "transaction"]
