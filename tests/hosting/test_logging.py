import json
import logging

import pytest

from catalogue.logging import JsonFormatter


def test_json_formatter_keeps_extra_fields_as_keys():
    record = logging.makeLogRecord(
        {"name": "catalogue.request", "levelname": "INFO", "msg": "request", "status": 200}
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request"
    assert line["status"] == 200
    assert line["level"] == "info"


@pytest.mark.django_db
def test_each_request_logs_one_structured_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="catalogue.request"):
        client.get("/healthz")
    records = [r for r in caplog.records if r.name == "catalogue.request"]
    assert len(records) == 1
    assert records[0].status == 200
    assert records[0].path == "/healthz"
    assert records[0].duration_ms >= 0
