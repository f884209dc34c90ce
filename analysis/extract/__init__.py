"""Extraction: facts read from cleaned articles — numbers, dates, names, people, figures, events.

Extraction begins here: `paragraph.read_paragraph` runs every finder on one paragraph,
`article.extract_article` turns one cleaned article into table rows.
"""
