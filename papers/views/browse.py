from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from papers.models import Benchmark, Dataset, Method, Paper, Tag


def catalogue(request: HttpRequest) -> HttpResponse:
    papers = Paper.objects.order_by("-published", "-id")[:20]
    ctx = {"papers": papers, "total": Paper.objects.count()}
    return render(request, "papers/catalogue.html", ctx)


def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(Paper, pk=pk)
    return render(request, "papers/paper_detail.html", {"paper": paper})


def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    method = get_object_or_404(Method, slug=slug)
    return render(request, "papers/entity_detail.html", {"entity": method})


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, slug=slug)
    return render(request, "papers/entity_detail.html", {"entity": dataset})


def benchmark_detail(request: HttpRequest, dataset: str, metric: str) -> HttpResponse:
    benchmark = get_object_or_404(Benchmark, dataset__slug=dataset, metric_key=metric)
    return render(request, "papers/benchmark_detail.html", {"benchmark": benchmark})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return render(request, "papers/tag_detail.html", {"tag": tag})
