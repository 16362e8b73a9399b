"""What the pages share: connection and caches, session and URL state, charts, translations."""
