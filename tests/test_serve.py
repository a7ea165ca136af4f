"""`build.py serve` (issue 9): security headers, no directory listings, a plain 400 for a bad path, a real backlog,
and a site swap that a killed build cannot leave missing."""

from __future__ import annotations

import http.client
import re
import shutil
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


# --- issue 24 point 6 and issue 19 point 3: malformed requests, idle connections, a CSP after a rebuild, 404 ------


def serving(site, **options):
    server = make_server(site, "127.0.0.1", 0, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def raw(port, payload: bytes, timeout=10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        reply = b""
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass
    return reply


MALFORMED = {
    "a TLS hello": bytes.fromhex("16030100a5010000a10303") + bytes(range(32)) + b"\x00\x00\x02\x13\x01\x01\x00",
    "a raw tab": b"GET /\tindex.html HTTP/1.1\r\nHost: x\r\n\r\n",
    "HTTP/9.9": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    "a 64 KiB request line": b"GET /" + b"a" * 65536 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_request_gets_a_status_and_no_traceback(tiny_site, capsys, name):
    _, port = tiny_site
    reply = raw(port, MALFORMED[name])
    status = reply.split(b"\r\n", 1)[0]
    assert status[:9] in (b"HTTP/1.0 ", b"HTTP/1.1 ") and status[9:10] in (b"4", b"5"), reply[:120]
    assert "Traceback" not in capsys.readouterr().err


def test_an_idle_connection_is_closed(tmp_path):
    from guide.publish.site import IDLE_TIMEOUT, SiteRequestHandler

    assert 5 <= SiteRequestHandler.timeout == IDLE_TIMEOUT <= 120, "a sensible default"
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    server = serving(tmp_path, idle_timeout=0.3)
    try:
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=20) as sock:
            assert sock.recv(1) == b"", "closed by the server, not by this test's own time-out"
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=20) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")   # kept alive after a request, then closed too
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
            assert reply.startswith(b"HTTP/1.0 200") or reply.startswith(b"HTTP/1.1 200")
    finally:
        server.shutdown()
        server.server_close()


def csp_page(digest: str) -> str:
    return ('<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
            f'\'sha256-{digest}=\'"></head><body>{digest}</body></html>')


def test_the_policy_header_follows_a_rebuild(tmp_path):
    """A build swaps the new site (or one partnership's folder) into place by renaming: `serve` must send the new
    pages' hashes, not those it computed when it started."""
    site = tmp_path / "site"
    (site / "medway").mkdir(parents=True)
    (site / "index.html").write_text(csp_page("first"), encoding="utf-8")
    (site / "medway" / "index.html").write_text(csp_page("medway"), encoding="utf-8")
    server = serving(site)
    try:
        port = server.server_port
        assert "'sha256-first='" in get(port, "/")[1]["Content-Security-Policy"]
        staging = tmp_path / "site.new"            # the whole site rebuilt
        staging.mkdir()
        (staging / "index.html").write_text(csp_page("second"), encoding="utf-8")
        (staging / "medway").mkdir()
        (staging / "medway" / "index.html").write_text(csp_page("medway"), encoding="utf-8")
        site.rename(tmp_path / "site.old")
        staging.rename(site)
        status, headers, body = get(port, "/")
        assert b"second" in body and "'sha256-second='" in headers["Content-Security-Policy"]
        assert "'sha256-first='" not in headers["Content-Security-Policy"]
        one = tmp_path / "medway.new"              # one partnership rebuilt (`build --partnership medway`)
        one.mkdir()
        (one / "index.html").write_text(csp_page("medway2"), encoding="utf-8")
        (site / "medway").rename(site / "medway.old")
        one.rename(site / "medway")
        shutil.rmtree(site / "medway.old")
        policy = get(port, "/medway/")[1]["Content-Security-Policy"]
        assert "'sha256-medway2='" in policy and "'sha256-medway='" not in policy
    finally:
        server.shutdown()
        server.server_close()


def test_an_unknown_path_gets_the_sites_own_404_page(tmp_path):
    site = tmp_path / "site"
    (site / "medway" / "guide").mkdir(parents=True)
    (site / "index.html").write_text(csp_page("root"), encoding="utf-8")
    (site / "404.html").write_text("<html><head><title>Site 404</title></head><body>site</body></html>",
                                   encoding="utf-8")
    (site / "medway" / "404.html").write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src '
        '\'unsafe-inline\'"></head><body><a href="guide/">guide</a></body></html>', encoding="utf-8")
    server = serving(site)
    try:
        port = server.server_port
        status, headers, body = get(port, "/no/such/page")
        assert status == 404 and b"Site 404" in body and headers["Content-Type"].startswith("text/html")
        status, headers, body = get(port, "/medway/guide/no-such-page/")
        assert status == 404 and b'<base href="/medway/">' in body and b'href="guide/"' in body
        assert headers["Content-Security-Policy"].startswith("default-src 'none'"), "the page's own policy"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert get(port, "/medway/guide/")[0] == 404    # a folder without a page: no listing, the same page
    finally:
        server.shutdown()
        server.server_close()


def test_the_partnership_404_page_links_its_manual_the_guide_and_the_site_index(tmp_path):
    """Issue 19 point 3: the partnership's "page not found" had no links. Every policy present: served under
    `build.py serve`, each link leads to a page."""
    from urllib.parse import urljoin

    from guide.publish.site import _plain_404, load_partnerships

    from .conftest import POLICIES

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("site index", encoding="utf-8")
    partnerships = load_partnerships(POLICIES)
    policies = [p for group in partnerships for p in [group.current] + [old for old, _ in group.previous]]
    for policy in policies:
        folder = site / policy.site_path
        (folder / "guide").mkdir(parents=True)
        (folder / "index.html").write_text(f"home of {policy.site_path}", encoding="utf-8")
        if policy.is_current:
            (folder / "guide" / "index.html").write_text(f"guide of {policy.site_path}", encoding="utf-8")
        _plain_404(folder, policy)
    server = serving(site)
    try:
        port = server.server_port
        for policy in policies:
            path = f"/{policy.site_path}/some/old/page.html"
            status, _, body = get(port, path)
            assert status == 404
            text = body.decode()
            base = re.search(r'<base href="([^"]+)"', text).group(1)
            links = re.findall(r'<a href="([^"]+)">', text)
            reached = {get(port, urljoin(base, link))[2].decode() for link in links}
            home = policy.site_path.split("/")[0]
            assert {f"home of {policy.site_path}", f"guide of {home}", "site index"} <= reached, (path, links)
    finally:
        server.shutdown()
        server.server_close()
