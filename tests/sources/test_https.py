"""Bulletins over HTTPS: a real TLS server on 127.0.0.1 with a certificate made for the test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from replay import sites
from replay.server import ReplayServer

from tracker.schedule import refresh
from tracker.warehouse import Warehouse


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_bulletins_over_https_verify_the_certificate(
        certificate: tuple[Path, Path], wh: Warehouse, sources_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with ReplayServer(tls=certificate) as server:
        assert server.url.startswith("https://")
        sites.install_bulletins(server, charset="gbk", absolute=True)
        sites.bulletins_toml(sources_dir, server.url)

        # An unknown certificate is refused: nothing is appended and the run says why.
        (refused,) = refresh(wh, sources_dir=sources_dir)
        assert refused.status == "failed"
        assert "certificate" in (refused.error or "").lower()
        assert wh.releases().is_empty()

        # Trusting the test's certificate (as an operator would with SSL_CERT_FILE), it works.
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        (done,) = refresh(wh, sources_dir=sources_dir)
        assert done.status == "succeeded", done.error
        assert done.releases_added == len(sites.POSTS)
        assert all(url.startswith("https://") for url in wh.releases()["url_main"])
