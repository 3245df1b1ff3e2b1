"""Reads and bulk maintenance of papers live here, on the Paper manager."""

from collections.abc import Iterable

from django.db import connection, models

# Rebuilds the denormalised columns of the given papers from the join tables. Rows whose values
# are already right are not written: rewriting a row recomputes its stored tsvector, the most
# expensive part of a paper's row.
_REFRESH_SQL = """
WITH fresh AS (
    SELECT p.id,
        COALESCE((SELECT array_agg(pm.method_id ORDER BY pm.method_id)
                  FROM papers_papermethod pm
                  WHERE pm.paper_id = p.id AND pm.status <> 'rejected'), '{}') AS method_ids,
        COALESCE((SELECT array_agg(pd.dataset_id ORDER BY pd.dataset_id)
                  FROM papers_paperdataset pd
                  WHERE pd.paper_id = p.id AND pd.status <> 'rejected'), '{}') AS dataset_ids,
        COALESCE((SELECT array_agg(DISTINCT r.benchmark_id ORDER BY r.benchmark_id)
                  FROM papers_result r
                  WHERE r.paper_id = p.id AND r.status <> 'rejected'), '{}') AS benchmark_ids,
        COALESCE((SELECT array_agg(pt.tag_id ORDER BY pt.tag_id)
                  FROM papers_papertag pt WHERE pt.paper_id = p.id), '{}') AS tag_ids,
        COALESCE((SELECT array_agg(DISTINCT s.file ORDER BY s.file)
                  FROM papers_papersource s WHERE s.paper_id = p.id), '{}') AS source_files,
        EXISTS (SELECT 1 FROM papers_repolink l
                WHERE l.paper_id = p.id AND l.status <> 'rejected') AS has_code,
        COALESCE((SELECT string_agg(concat_ws(' ', e.name, e.acronym), ' ' ORDER BY e.name)
                  FROM (SELECT m.name, m.acronym FROM papers_papermethod pm
                        JOIN papers_method m ON m.id = pm.method_id
                        WHERE pm.paper_id = p.id AND pm.status <> 'rejected'
                        UNION ALL
                        SELECT d.name, d.acronym FROM papers_paperdataset pd
                        JOIN papers_dataset d ON d.id = pd.dataset_id
                        WHERE pd.paper_id = p.id AND pd.status <> 'rejected') e), '') AS entity_text
    FROM papers_paper p
    WHERE p.id = ANY(%s)
)
UPDATE papers_paper p
SET method_ids = f.method_ids, dataset_ids = f.dataset_ids, benchmark_ids = f.benchmark_ids,
    tag_ids = f.tag_ids, source_files = f.source_files, has_code = f.has_code,
    entity_text = f.entity_text
FROM fresh f
WHERE p.id = f.id
  AND (p.method_ids, p.dataset_ids, p.benchmark_ids, p.tag_ids, p.source_files, p.has_code,
       p.entity_text)
      IS DISTINCT FROM
      (f.method_ids, f.dataset_ids, f.benchmark_ids, f.tag_ids, f.source_files, f.has_code,
       f.entity_text)
"""


class PaperQuerySet(models.QuerySet):
    def refresh_facets(self, paper_ids: Iterable[int] | None = None) -> int:
        """Rebuild the denormalised facet columns; returns how many papers changed."""
        ids = list(paper_ids) if paper_ids is not None else list(self.values_list("pk", flat=True))
        if not ids:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(_REFRESH_SQL, [ids])
            return cursor.rowcount
