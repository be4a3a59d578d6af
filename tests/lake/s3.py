"""An S3-compatible object store of the tests' own: moto's server on a free loopback port, in a
thread of the test process, reached over real HTTP by boto3 and by DuckDB's httpfs alike (the
`tracker` subprocesses too), and a fresh bucket per test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tracker.bench.postgres import free_port

KEYS = {"AWS_ACCESS_KEY_ID": "tracker-test", "AWS_SECRET_ACCESS_KEY": "tracker-test-secret",
        "AWS_REGION": "us-east-1"}


@dataclass(frozen=True)
class ObjectStore:
    """The running server and how to reach it."""

    endpoint: str

    @property
    def env(self) -> dict[str, str]:
        """The AWS environment variables a warehouse on it reads (README)."""
        return {**KEYS, "AWS_ENDPOINT_URL": self.endpoint}

    def client(self) -> object:
        """A boto3 client of the store, for the tests' own looks."""
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=KEYS["AWS_REGION"],
                            aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])

    def new_bucket(self) -> str:
        """A bucket no other test uses."""
        name = f"tracker-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)  # type: ignore[attr-defined]
        return name

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """Every object's key under `prefix`."""
        pages = self.client().get_paginator("list_objects_v2").paginate(  # type: ignore[attr-defined]
            Bucket=bucket, Prefix=prefix)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))


@pytest.fixture(scope="session")
def object_store() -> Iterator[ObjectStore]:
    """moto's S3 server on 127.0.0.1, for the whole session."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield ObjectStore(f"http://127.0.0.1:{port}")
    finally:
        server.stop()


@pytest.fixture
def s3_env(object_store: ObjectStore, monkeypatch: pytest.MonkeyPatch) -> ObjectStore:
    """The store's credentials and endpoint in this test's environment (and its commands')."""
    for name in ("AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in object_store.env.items():
        monkeypatch.setenv(name, value)
    return object_store
