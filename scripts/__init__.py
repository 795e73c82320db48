"""Generator for the trilingual child-protection campaigns site.

Data flows one way: campaigns.yml -> validated model (model.py) -> renderers
(render.py and friends) -> Markdown pages -> MkDocs -> site/.
"""
