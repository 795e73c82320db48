"""Page generators: the validated model in, Markdown pages, feeds and small files out (paths below
docs/ -> text), through one Jinja template per page kind. Pure functions of the data.
(ARCHITECTURE.md)"""
