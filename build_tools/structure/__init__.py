"""Domain objects and pure functions of the site: no MkDocs imports, no file-system access."""
