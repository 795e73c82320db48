"""The build and what surrounds it: one build (generators -> MkDocs -> site/, atomically), the MkDocs
hooks, the offline copies, the search index, the live preview, serving, nginx, the link check and
the new-campaign scaffold. (ARCHITECTURE.md)"""
