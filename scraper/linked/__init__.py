"""Linked pages, the pure part and the WARC files: which links to keep, a page's text, the record."""
