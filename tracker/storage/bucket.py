"""A warehouse's files in an object store: `s3://bucket/prefix`, on AWS or any S3-compatible
server (AWS_ENDPOINT_URL), through boto3.

Objects are written whole by nature. Content-addressed files are put only if absent
(`If-None-Match: *`), and the journal grows by read, then put only if unchanged since
(`If-Match` on its ETag), again until no other writer came in between: both conditions are
S3's own, so two machines never lose each other's lines.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tracker.errors import TrackerError
from tracker.storage import s3env

# Conditional writes that lost to another writer: 412, or 409 while the other is in flight.
_RACED = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}
_MISSING_BUCKET = {"NoSuchBucket", "404"}
_REFUSED = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403",
            "InvalidToken", "ExpiredToken"}
_CLIENTS: dict[s3env.S3, Any] = {}
_CHECKED: set[tuple[s3env.S3, str]] = set()
_LOCK = threading.Lock()


def client(settings: s3env.S3) -> Any:
    """One boto3 client per set of settings, per process (making one costs tens of ms)."""
    with _LOCK:
        if settings not in _CLIENTS:
            _CLIENTS[settings] = boto3.session.Session().client(
                "s3", aws_access_key_id=settings.key_id,
                aws_secret_access_key=settings.secret,
                aws_session_token=settings.session_token, region_name=settings.region,
                endpoint_url=settings.endpoint,
                config=Config(s3={"addressing_style": "path" if settings.endpoint else "auto"},
                              connect_timeout=5, read_timeout=60,
                              retries={"mode": "standard", "max_attempts": 3}))
        return _CLIENTS[settings]


@dataclass(frozen=True)
class Bucket:
    """Files under `s3://bucket/prefix/`."""

    bucket: str
    prefix: str
    settings: s3env.S3

    @classmethod
    def at(cls, url: str) -> Bucket:
        """The store at `url`, its bucket checked once per process (so a missing bucket or
        refused credentials are told before anything is written)."""
        bucket, prefix = s3env.split(url)
        found = cls(bucket, prefix, s3env.from_env(url))
        found.check()
        return found

    @property
    def name(self) -> str:
        """The store's URL."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def child(self, name: str) -> Bucket:
        """The store under `name`."""
        return Bucket(self.bucket, f"{self.prefix}/{name}".strip("/"), self.settings)

    def check(self) -> None:
        """Raise a clear error unless the bucket is there and the credentials may use it."""
        if (self.settings, self.bucket) in _CHECKED:
            return
        self._call("reach the bucket", "", "head_bucket", Bucket=self.bucket)
        _CHECKED.add((self.settings, self.bucket))

    def _key(self, relative: str) -> str | None:
        parts = relative.split("/")
        if relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return None  # never an object outside the prefix
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def read(self, relative: str) -> bytes | None:
        """The object's bytes, or None when there is none."""
        found = self._get(relative)
        return found[0] if found else None

    def _get(self, relative: str) -> tuple[bytes, str] | None:
        key = self._key(relative)
        if key is None:
            return None
        try:
            answer = client(self.settings).get_object(Bucket=self.bucket, Key=key)
            return answer["Body"].read(), answer["ETag"]
        except ClientError as exc:
            if _code(exc) in ("NoSuchKey", "404"):
                return None
            raise self._failed("read", relative, exc) from None
        except BotoCoreError as exc:
            raise self._failed("read", relative, exc) from None

    def exists(self, relative: str) -> bool:
        """Whether the object is there."""
        key = self._key(relative)
        if key is None:
            return False
        try:
            client(self.settings).head_object(Bucket=self.bucket, Key=key)
            return True
        except ClientError as exc:
            if _code(exc) in ("NoSuchKey", "404"):
                return False
            raise self._failed("look for", relative, exc) from None
        except BotoCoreError as exc:
            raise self._failed("look for", relative, exc) from None

    def put_new(self, relative: str, data: bytes) -> bool:
        """Put the object unless one is there under its name."""
        try:
            self._put(relative, data, IfNoneMatch="*")
            return True
        except _Raced:
            return False

    def append(self, relative: str, text: str) -> None:
        """Read, add `text`, put back if no other writer changed it meanwhile, else again."""
        for _ in range(50):
            found = self._get(relative)
            old, condition = (found[0], {"IfMatch": found[1]}) if found else (
                b"", {"IfNoneMatch": "*"})
            try:
                self._put(relative, old + text.encode("utf-8"), **condition)
                return
            except _Raced:
                continue
        raise TrackerError(f"{self.name}/{relative}: other writers changed it 50 times while "
                           f"this one tried to add to it; try again")

    def _put(self, relative: str, data: bytes, **condition: str) -> None:
        key = self._key(relative)
        if key is None:
            raise TrackerError(f"{relative!r}: expected a name inside {self.name}")
        try:
            client(self.settings).put_object(Bucket=self.bucket, Key=key, Body=data,
                                             **condition)
        except ClientError as exc:
            if _code(exc) in _RACED:
                raise _Raced from None
            raise self._failed("write", relative, exc) from None
        except BotoCoreError as exc:
            raise self._failed("write", relative, exc) from None

    def names(self) -> list[str]:
        """Every object under the prefix, sorted."""
        start = f"{self.prefix}/" if self.prefix else ""
        pages = self._call("list", "", "get_paginator", "list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start)
        try:
            return sorted(item["Key"][len(start):] for page in pages
                          for item in page.get("Contents", []))
        except (ClientError, BotoCoreError) as exc:
            raise self._failed("list", "", exc) from None

    def _call(self, doing: str, relative: str, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(client(self.settings), method)(*args, **kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise self._failed(doing, relative, exc) from None

    def _failed(self, doing: str, relative: str, exc: Exception) -> TrackerError:
        """What went wrong, what was expected, and what to do."""
        where = f"{self.name}/{relative}".rstrip("/")
        at = self.settings.shown
        code = _code(exc) if isinstance(exc, ClientError) else ""
        if code in _MISSING_BUCKET:
            return TrackerError(
                f"cannot {doing} {where}: expected an existing bucket {self.bucket!r} at "
                f"{at}, but the store has none of that name. Create it (e.g. `aws s3 mb "
                f"s3://{self.bucket}`) or name an existing bucket in the data path")
        if code in _REFUSED:
            return TrackerError(
                f"cannot {doing} {where}: the store at {at} refused the credentials "
                f"(AWS_ACCESS_KEY_ID {self.settings.key_id!r}: {code}). Expected a key "
                f"that may read and write the bucket {self.bucket!r}: check "
                f"AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) and the "
                f"bucket's policy")
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return TrackerError(
            f"cannot {doing} {where}: expected the S3 store at {at} to answer, got: {detail}. "
            f"Check AWS_ENDPOINT_URL and AWS_REGION, and that the store is running")


class _Raced(Exception):
    """A conditional put lost to another writer."""


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
