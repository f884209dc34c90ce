"""Linking: the same operation told by several outlets, found across documents, and what each outlet
claims about it.

`keys` turns suspects' names and birth years into keyed hashes (the key stays on the user's
machine); `groups` links incidents of different documents into one `incident_group`; `claims`
lists every outlet's values for each field of a group and the conflicts between them.
"""
