"""The ``wdtk-archive`` command line: all of the project's click code, one module per family of
commands, each adding its commands to the one group (:data:`cli`, in :mod:`scraper.cli.common`).

* :mod:`~scraper.cli.scrape`: ``scrape``;
* :mod:`~scraper.cli.parse`: ``parse``;
* :mod:`~scraper.cli.clean`: ``clean``, ``reclean``;
* :mod:`~scraper.cli.export`: ``export``;
* :mod:`~scraper.cli.serve`: ``serve``, ``metadata``, ``publish-bundle``;
* :mod:`~scraper.cli.sample`: ``sample-site``, ``demo``.
"""

from scraper.cli import clean, export, parse, sample, scrape, serve
from scraper.cli.common import cli

__all__ = ["clean", "cli", "export", "parse", "sample", "scrape", "serve"]
