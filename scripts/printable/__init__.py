"""Printable output: HTML to PDF (WeasyPrint, local fonts only, a content-hash cache), the posters,
the share images, the lessons' guides and handouts, and the pages that list printable files.
(ARCHITECTURE.md)"""
