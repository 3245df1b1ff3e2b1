# Build stage: compile papers.extraction with mypyc (needs a C compiler the runtime image lacks).
FROM python:3.12-slim AS extraction
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY papers/__init__.py papers/__init__.py
COPY papers/extraction papers/extraction
RUN python -m papers.extraction.build

FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
COPY --from=extraction /app/papers/extraction/.mypyc papers/extraction/.mypyc
RUN useradd --create-home --uid 10001 catalogue \
    && mkdir -p /app/staticfiles \
    && chown -R catalogue:catalogue /app/staticfiles
USER catalogue

EXPOSE 8000
CMD ["/app/docker/start.sh"]
