"""The crawl: targets, threads, listings, attachments and linked pages, run by run."""
