"""Reading and checking what editors write: campaigns.yml, lessons.yml, the pages in docs/, the
interface strings (i18n/), the glossary and the translation record; the validated model. Nothing
here renders a page. (ARCHITECTURE.md)"""
