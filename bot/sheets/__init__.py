"""Printed sheets: the knowledge base on paper, one PDF per topic and language and one
booklet per language and category (`python -m bot sheets`).

`content` gathers what a sheet says (plain records, no PDF), `layout` reads the template
an association can change, `fonts` knows which committed font draws which language,
and `render` draws the pages with fpdf2. The core never imports any of it.
"""
