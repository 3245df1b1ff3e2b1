"""The catalogue's admin, where curators work.

One module per area; importing them registers every model with the default admin site.
Plain curation logic (merge, tagging, link decisions, note rendering) lives in papers.curation.
"""

from django.contrib import admin

from papers.admin import entities, ingest, links, notes, papers, tags  # noqa: F401

admin.site.site_header = "Paper Catalogue curation"
admin.site.site_title = "Paper Catalogue admin"
admin.site.index_title = "Curation"
