"""Reading the archive in Datasette: the plugins, their pages, and serving or publishing it."""
