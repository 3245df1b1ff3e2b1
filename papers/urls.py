from django.urls import path

from papers.views import catalogue, lists, pages

app_name = "papers"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("export.csv", catalogue.export_csv, name="export_csv"),
    path("export.json", catalogue.export_json, name="export_json"),
    path("facets/<slug:key>/", catalogue.facet_page, name="facet"),
    path("papers/<int:pk>/", pages.paper_detail, name="paper"),
    path("methods/", lists.methods, name="methods"),
    path("methods/<slug:slug>/", pages.method_detail, name="method"),
    path("datasets/", lists.datasets, name="datasets"),
    path("datasets/<slug:slug>/", pages.dataset_detail, name="dataset"),
    path("benchmarks/", lists.benchmarks, name="benchmarks"),
    path("benchmarks/<slug:dataset>/<str:metric>/", pages.benchmark_detail, name="benchmark"),
    path("tags/", lists.tags, name="tags"),
    path("tags/<slug:slug>/", pages.tag_detail, name="tag"),
]
