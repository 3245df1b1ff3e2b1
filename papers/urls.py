from django.urls import path

from papers.views import browse

app_name = "papers"

urlpatterns = [
    path("", browse.catalogue, name="catalogue"),
    path("papers/<int:pk>/", browse.paper_detail, name="paper"),
    path("methods/<slug:slug>/", browse.method_detail, name="method"),
    path("datasets/<slug:slug>/", browse.dataset_detail, name="dataset"),
    path("benchmarks/<slug:dataset>/<str:metric>/", browse.benchmark_detail, name="benchmark"),
    path("tags/<slug:slug>/", browse.tag_detail, name="tag"),
]
