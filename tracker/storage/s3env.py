"""The object store's credentials and endpoint, from the standard AWS environment variables,
read the same way for the raw payloads (boto3, tracker/storage/bucket.py) and the Parquet
files (DuckDB's httpfs, tracker/store/lake.py), so that both reach the same store.

Only the environment is read, not ~/.aws or an instance's metadata service: DuckDB's httpfs
reads neither without the aws extension, and the two halves of a warehouse must not end up
with different credentials.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from tracker.errors import TrackerError

DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class S3:
    """How to reach an S3-compatible store."""

    key_id: str
    secret: str
    session_token: str | None
    region: str
    # None: AWS itself (virtual-hosted URLs over HTTPS); else e.g. http://127.0.0.1:9000,
    # a MinIO, Ceph or other S3-compatible server, addressed by path.
    endpoint: str | None

    @property
    def host(self) -> str | None:
        """The endpoint's host[:port], as DuckDB's ENDPOINT option takes it."""
        return urlsplit(self.endpoint).netloc if self.endpoint else None

    @property
    def use_ssl(self) -> bool:
        """Whether the endpoint is HTTPS."""
        return self.endpoint is None or urlsplit(self.endpoint).scheme == "https"

    @property
    def shown(self) -> str:
        """The endpoint as messages name it."""
        return self.endpoint or f"AWS S3 ({self.region})"


def from_env(url: str) -> S3:
    """The settings in the environment, or an error saying which variable is missing."""
    key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not key or not secret:
        missing = [n for n, v in (("AWS_ACCESS_KEY_ID", key), ("AWS_SECRET_ACCESS_KEY", secret))
                   if not v]
        raise TrackerError(
            f"the data path {url} is an object store: expected its credentials in "
            f"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set. Export them (and AWS_REGION, "
            f"and AWS_ENDPOINT_URL for a store other than AWS; README \"A warehouse for a "
            f"team\")")
    endpoint = (os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
                or None)
    if endpoint is not None and urlsplit(endpoint).scheme not in ("http", "https"):
        raise TrackerError(
            f"AWS_ENDPOINT_URL {endpoint!r}: expected an http:// or https:// URL of an "
            f"S3-compatible server (e.g. http://127.0.0.1:9000): set it so, or unset it for AWS")
    region = (os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
              or DEFAULT_REGION)
    return S3(key, secret, os.environ.get("AWS_SESSION_TOKEN") or None, region,
              endpoint.rstrip("/") if endpoint else None)


def split(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix/` -> (bucket, "some/prefix")."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise TrackerError(f"data path {url!r}: expected s3://bucket/prefix, got no bucket: "
                           f"name the bucket after s3://")
    return parts.netloc, parts.path.strip("/")
