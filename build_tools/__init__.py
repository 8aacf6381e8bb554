"""Build tools for the Breakthrough site.

Public entry points:

* ``kb`` (``build_tools.cli``): build, serve, check, scaffold articles, stamp translations.
* ``build_tools.site_builder.build_site``: one MkDocs build per language plus the site root.
* The ``breakthrough`` MkDocs plugin (``build_tools.plugin``): a thin adapter over the pure functions in
  ``build_tools.structure``, which import nothing from MkDocs.

Only ``build_tools.files`` reads or writes the file system on behalf of the others.
"""
