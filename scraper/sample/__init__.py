"""A sample Alaveteli site (WhatDoTheyKnow markup) served over loopback, for tests and the demo.

``SampleSite`` (server.py) serves a ``SiteContent`` (content.py); ``default_content()`` (seed_threads.py) holds
the seed threads, ``generated_content(n)`` adds many generated ones; ``render.py`` holds the
templates (current and 2019 markup).
"""
