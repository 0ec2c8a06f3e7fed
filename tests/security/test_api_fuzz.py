"""Schemathesis over the whole API (every operation of /api/v1/openapi.json, as it stands: new endpoints are
covered as they arrive), as two roles (a collection officer of one province and an employer representative), with
a fixed seed: 0 server errors and 0 schema violations (status codes, content types and bodies as documented).

Bounded: ANSINH_FUZZ_EXAMPLES examples per operation and role (default 6); ANSINH_FUZZ_EXAMPLES=50 for a deeper
run by hand."""

from __future__ import annotations

import json
import logging
import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ansinh.config.api import api
from ansinh.config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("ANSINH_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations that are not JSON APIs over data (the browsable docs) or that the suite cannot drive meaningfully.
SKIP = {"/api/v1/docs", "/api/v1/openapi.json"}


@pytest.fixture
def same_connection():
    """Run the WSGI application inside the test's transaction (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # thousands of expected 4xx; a 5xx is still logged (and fails the test)
    yield
    quiet.setLevel(level)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _schema():
    raw = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = application
    return schema


def _fuzz(operation, headers, failures, statuses):
    @seed(20261206)
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        for role, auth in headers.items():
            response = case.call(headers=auth)
            statuses[response.status_code // 100] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=auth)
            except Exception as exc:
                text = str(exc).strip().splitlines()
                failures.append(f"{operation.method.upper()} {operation.path} as {role}: "
                                f"{response.status_code} {' | '.join(text[:8])}")

    return run


def test_whole_api_as_two_roles(security_world, bearer, same_connection):
    headers = {
        "officer": {"Authorization": f"Bearer {bearer(security_world['u1'])}"},
        "employer": {"Authorization": f"Bearer {bearer(security_world['rep'])}"},
    }
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in _schema().get_all_operations():
        operation = result.ok()
        if operation.path in SKIP:
            continue
        operations += 1

        _fuzz(operation, headers, failures, statuses)()
    assert operations >= 50
    print(f"fuzz: {operations} operations, responses by class {dict(statuses)}")
    assert statuses[2] > operations and statuses[4] > operations  # the run reached both answers and refusals
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} failure(s):\n" + "\n".join(unique[:60])
