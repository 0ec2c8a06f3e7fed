"""The generator writes through the project's bulk writer (ansinh.core.bulk.BulkWriter)."""

from ansinh.core.bulk import BulkWriter

__all__ = ["BulkWriter"]
