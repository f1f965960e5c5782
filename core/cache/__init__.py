"""Anonymous page cache in shared Redis, purged when content changes.

See `pagecache.py` for what is cached and `purge.py` for when it is dropped.
"""
