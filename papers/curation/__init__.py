"""Curation: plain functions the admin calls to tag, review, link, merge and annotate.

Nothing here knows about requests or the admin; each function takes model instances or ids and
keeps the denormalised facet columns of the papers it touches up to date.
"""
