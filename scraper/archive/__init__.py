"""The archive: ``archive.db`` and every SQL statement the pipeline runs against it."""
