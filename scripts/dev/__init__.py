"""Developer tools, never part of a site build: the benchmark (make bench) and its synthetic corpus,
the Lighthouse audit (make audit), the byte-for-byte comparison of two built sites.
(ARCHITECTURE.md)"""
