"""`build.py serve` (issue 9): security headers, no directory listings, a plain 400 for a bad path, a real backlog,
and a site swap that a killed build cannot leave missing."""

from __future__ import annotations

import http.client
import socket
import threading

import pytest

from guide.publish.site import SiteServer, make_server, recover


@pytest.fixture()
def tiny_site(tmp_path):
    site = tmp_path / "site"
    (site / "folder").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
        '\'sha256-abc=\'"></head><body>hello</body></html>', encoding="utf-8")
    (site / "folder" / "file.txt").write_text("x", encoding="utf-8")
    (site / "engine.mjs").write_text("export {}", encoding="utf-8")
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, server.server_port
    server.shutdown()
    server.server_close()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.headers, response.read()   # headers: case-insensitive


def test_pages_carry_the_security_headers(tiny_site):
    _, port = tiny_site
    status, headers, body = get(port, "/")
    assert status == 200 and b"hello" in body
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "'sha256-abc='" in policy and "unsafe-inline" not in policy


def test_module_scripts_are_served_as_javascript(tiny_site):
    _, port = tiny_site
    assert get(port, "/engine.mjs")[1]["Content-Type"].startswith("text/javascript")


def test_no_directory_listing(tiny_site):
    _, port = tiny_site
    status, _, body = get(port, "/folder/")
    assert status == 404 and b"file.txt" not in body


@pytest.mark.parametrize("path", ["/%00", "/index.html%00.txt", "/%ff%fe", "/a\x01b"])
def test_a_malformed_path_is_a_plain_400(tiny_site, path):
    _, port = tiny_site
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1"))
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.0 400") or reply.startswith(b"HTTP/1.1 400"), reply[:80]


def test_the_listen_backlog_is_not_five():
    assert SiteServer.request_queue_size >= 128


def test_an_interrupted_swap_is_recovered(tmp_path):
    site = tmp_path / "site"
    (tmp_path / "site.old").mkdir()
    (tmp_path / "site.old" / "index.html").write_text("previous", encoding="utf-8")
    recover(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    (site / "medway.old").mkdir()          # one partnership's swap killed half way
    recover(site)
    assert (site / "medway").is_dir() and not (site / "medway.old").exists()


def test_a_port_in_use_is_one_plain_line(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--site",
                                 str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"port {port} on 127.0.0.1 is in use (another server is running?): stop it, "
                                     f"or run with --port {port + 1}")


def test_build_py_runs_from_a_plain_shell():
    """As the README writes it: `python build.py ...` outside the venv re-runs itself inside it."""
    import subprocess

    from .conftest import POLICIES, ROOT

    files = sorted(POLICIES.glob("*/policy.yaml"))[:1]
    result = subprocess.run(["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "python3", str(ROOT / "build.py"), "check",
                             *map(str, files)], capture_output=True, text=True, timeout=120, cwd="/")
    assert "No module named" not in result.stderr and "Traceback" not in result.stderr
    if (ROOT / ".venv" / "bin" / "python").exists():
        assert result.returncode in (0, 1), result.stderr
    else:   # no set-up yet: one line saying what to run
        assert result.returncode == 2 and "run `make setup` once" in result.stderr


def test_serve_sends_the_precompressed_copy_the_browser_accepts(tmp_path):
    import gzip

    from guide.publish.compression import precompress

    site = tmp_path / "site"
    site.mkdir()
    body = ("<p>" + "escalation " * 500 + "</p>").encode()
    (site / "index.html").write_bytes(body)
    (site / "bundle.0123abcd.min.js").write_text("x" * 2000, encoding="utf-8")
    assert precompress(site, cache=tmp_path / "cache") >= 2
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/index.html", headers={"Accept-Encoding": "gzip, br"})
        response = connection.getresponse()
        data = response.read()
        assert response.headers["Content-Encoding"] == "br" and response.headers["Content-Type"].startswith("text/html")
        assert len(data) < len(body)
        connection.request("GET", "/index.html", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        assert response.headers["Content-Encoding"] == "gzip" and gzip.decompress(response.read()) == body
        connection.request("GET", "/index.html")
        response = connection.getresponse()
        assert response.headers["Content-Encoding"] is None and response.read() == body
        assert response.headers["Cache-Control"] == "no-cache"
        connection.request("GET", "/bundle.0123abcd.min.js")
        response = connection.getresponse()
        response.read()
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # A page's address (the folder) is compressed too, and a browser's current copy is revalidated with a 304.
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        assert response.headers["Content-Encoding"] == "gzip" and gzip.decompress(response.read()) == body
        stamp = response.headers["Last-Modified"]
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip", "If-Modified-Since": stamp})
        response = connection.getresponse()
        assert response.status == 304 and response.read() == b""
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip", "If-Modified-Since": "Mon, 01 Jan 1990 00:00:00 GMT"})
        response = connection.getresponse()
        assert response.status == 200 and gzip.decompress(response.read()) == body
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip", "If-Modified-Since": "not a date"})
        response = connection.getresponse()
        assert response.status == 200 and gzip.decompress(response.read()) == body
    finally:
        server.shutdown()
        server.server_close()


def test_the_header_policy_is_the_pages_not_the_plain_404(tmp_path):
    from guide.publish.content_policy import header_policy

    (tmp_path / "404.html").write_text('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                                       'script-src \'none\'">', encoding="utf-8")
    (tmp_path / "index.html").write_text('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
                                         'script-src \'self\' \'sha256-a=\'">', encoding="utf-8")
    policy = header_policy(tmp_path)
    assert policy.startswith("default-src 'self'") and "'sha256-a='" in policy and "frame-ancestors 'none'" in policy


def test_a_browser_that_goes_away_mid_file_leaves_no_traceback(tmp_path, capsys):
    """Closing a tab while Pyodide downloads breaks the pipe: normal, so `serve` prints nothing for it; any other
    error is still reported."""
    server = make_server(tmp_path, "127.0.0.1", 0)
    try:
        try:
            raise BrokenPipeError(32, "Broken pipe")
        except BrokenPipeError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("something else")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "something else" in capsys.readouterr().err
    finally:
        server.server_close()
