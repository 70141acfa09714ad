"""wdtk-archive: a polite crawler and archive for Alaveteli FOI sites."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/wdtk-archive/wdtk-archive"
