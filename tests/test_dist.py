"""`make dist` (issue 10): the zip a council hosts, served by real nginx under a sub-path with only the shipped
snippet, and the guide walked to a download through it."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from guide.publish.dist import CONFIG_FILES, package

from .conftest import POLICIES

SUB_PATH = "/safeguarding/escalation"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def slug_to_ship() -> str:
    for slug in ("wirral", "medway", "suffolk", "model"):
        if (POLICIES / slug / "policy.yaml").exists():
            return slug
    return sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").exists())[0]


@pytest.fixture(scope="module")
def artefact(built_site, tmp_path_factory) -> Path:
    return package(built_site, slug_to_ship(), tmp_path_factory.mktemp("dist"))


def test_the_zip_holds_what_the_site_serves_and_the_server_settings(artefact, built_site):
    slug = slug_to_ship()
    with zipfile.ZipFile(artefact) as archive:
        names = set(archive.namelist())
    assert f"{slug}/index.html" in names and f"{slug}/guide/index.html" in names
    assert all(f"{slug}/{name}" in names for name in CONFIG_FILES)
    assert not [n for n in names if n.endswith(".map")], "no source maps"
    assert not [n for n in names if "/javascripts/lunr/" in n], "no search languages the site does not use"
    wasm = [n for n in names if n.endswith(".wasm")]
    assert wasm and all(f"{n}.gz" in names and f"{n}.br" in names for n in wasm), "large files precompressed"
    served = {p.relative_to(built_site / slug).as_posix() for p in (built_site / slug).rglob("*") if p.is_file()}
    missing = {n for n in served if not n.endswith(".map") and "/lunr/" not in "/" + n} - {
        n.split("/", 1)[1] for n in names}
    assert missing == set()
    with zipfile.ZipFile(artefact) as archive:
        not_found = archive.read(f"{slug}/404.html").decode()
    assert 'href="guide/"' in not_found and 'href="../"' not in not_found, "no link outside the zip's folder"


def test_the_zip_carries_its_own_copy_of_the_shared_runtime_and_points_its_pages_at_it(artefact, built_site):
    """Issue 23: on the site, every guide loads the one runtime at the site's root (`_runtime/`, outside a
    partnership's folder); the zip holds the part its guide loads inside its folder, and its pages name that copy."""
    import gzip
    import posixpath

    import brotli

    slug = slug_to_ship()
    with zipfile.ZipFile(artefact) as archive:
        names = set(archive.namelist())
        pages = {name: archive.read(name) for name in (f"{slug}/guide/index.html", f"{slug}/guide/log/index.html")}
        copies = {name: (archive.read(name + ".gz"), archive.read(name + ".br")) for name in pages}
    assert [n for n in names if n.endswith("/pyodide.asm.wasm")] == [f"{slug}/_runtime/pyodide-"
                                                                      + n.split("/pyodide-", 1)[1] for n in names
                                                                      if n.endswith("/pyodide.asm.wasm")]
    for name, html in pages.items():
        address = re.search(rb'data-runtime="([^"]+)"', html).group(1).decode()
        assert posixpath.normpath(posixpath.join(name.rsplit("/", 1)[0], address)) == f"{slug}/_runtime"
        assert gzip.decompress(copies[name][0]) == html and brotli.decompress(copies[name][1]) == html
    worker = next(n for n in names if n.endswith("/engine-worker.mjs"))
    with zipfile.ZipFile(artefact) as archive:
        settings = re.search(r'"engine":"([^"]+)","folder":"([^"]+)"', archive.read(worker).decode()).groups()
    assert f"{slug}/_runtime/{settings[1]}{settings[0]}" in names
    # Pyodide's three files, the guide's library and engine, and the studio's whole standard library: no other
    assert len([n for n in names if "/_runtime/" in n and not n.endswith((".gz", ".br"))]) == 6, "only what it loads"
    assert f"{slug}/_runtime/{settings[1]}studio-stdlib.zip" in names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unzip(archive_path: Path, destination: Path) -> None:
    """Unzip as `unzip`, 7-Zip and Windows do: each file keeps the date the zip gives it (Python's extractall does
    not, so a test using it would see every redeployed file as new)."""
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(destination)
        for info in archive.infolist():
            stamp = time.mktime(info.date_time + (0, 0, -1))
            os.utime(destination / info.filename, (stamp, stamp))


@contextlib.contextmanager
def nginx_serving(root: Path, folder: Path):
    """Real nginx serving ``folder`` under SUB_PATH with only the shipped snippet. Yields its base address."""
    if NGINX is None:
        pytest.skip("nginx is not installed (make test installs Debian's nginx-light)")
    port = free_port()
    conf = root / "nginx.conf"
    conf.write_text(f"""
user root;
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body; proxy_temp_path {root}/proxy; fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location {SUB_PATH}/ {{
            alias {folder}/;
            include {folder}/nginx.conf;
        }}
    }}
}}
""", encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(root)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(root)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def served_by_nginx(archive: Path, slug: str, root: Path):
    """For a fixture (``yield from``): ``slug``'s zip unzipped in ``root`` as a council would, and served by nginx
    under SUB_PATH with only the shipped snippet (no Python server). Yields its base address."""
    unzip(archive, root / "www")
    with nginx_serving(root, root / "www" / slug) as base:
        yield base


@pytest.fixture(scope="module")
def nginx(artefact, tmp_path_factory):
    yield from served_by_nginx(artefact, slug_to_ship(), tmp_path_factory.mktemp("nginx"))


def get(base: str, path: str, **headers):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.headers, response.read()


def test_nginx_sends_the_security_headers_and_no_inline_scripts(nginx):
    status, headers, _ = get(nginx, f"{SUB_PATH}/")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    script_src = policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "'unsafe-inline'" not in script_src and "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-cache"


def test_nginx_serves_the_guide_files_with_their_types(nginx, artefact):
    with zipfile.ZipFile(artefact) as archive:
        names = archive.namelist()
    slug = slug_to_ship()
    wasm = next(n for n in names if n.endswith(".wasm")).split("/", 1)[1]
    bundle = next(n for n in names if "/javascripts/bundle." in n and n.endswith(".min.js")).split("/", 1)[1]
    worker = next(n for n in names if n.endswith("/engine-worker.mjs")).split("/", 1)[1]
    headers = get(nginx, f"{SUB_PATH}/{worker}")[1]
    assert headers["Content-Type"].startswith("text/javascript")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable", "a content-hashed folder"
    assert get(nginx, f"{SUB_PATH}/{wasm}")[1]["Content-Type"] == "application/wasm"
    assert get(nginx, f"{SUB_PATH}/{bundle}")[1]["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, body = get(nginx, f"{SUB_PATH}/guide/", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert slug


@pytest.mark.parametrize("path", ["/assets/", "/nginx.conf", "/.htaccess", "/web.config", "/_headers"])
def test_nginx_lists_no_folder_and_hides_the_settings(nginx, path):
    assert get(nginx, SUB_PATH + path)[0] in (403, 404)


def test_the_guide_works_under_a_sub_path_on_nginx_to_a_download(nginx, page, tmp_path):
    import docx

    from .guide_driver import Guide
    from .scenarios import ALL

    slug = slug_to_ship()
    scenario = next(s for s in ALL if s.policy == slug and s.kind == "advice" and s.outcome == "raise")
    base, folder = nginx + SUB_PATH.rsplit("/", 1)[0], SUB_PATH.rsplit("/", 1)[1]
    guide = Guide(page, base, folder, today=scenario.today).open()
    guide.walk(scenario.answers)
    page.get_by_role("button", name="Make an escalation record").click()
    for _ in range(6):
        button = page.get_by_role("button", name="Download the Escalation record (Word)")
        if button.count():
            break
        fields = page.locator("#guide-form textarea, #guide-form input:not([type=radio]):not([type=checkbox])"
                              ":not([type=hidden]):not([type=file]):not(.govuk-date-input__input)")
        for field in fields.all():
            if not field.input_value():
                field.fill("test@example.org" if field.get_attribute("type") == "email" else "Test")
        guide.continue_()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Escalation record (Word)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert docx.Document(str(path)).paragraphs, "the record opens"
    guide.watch.assert_clean()


def test_the_zip_is_the_same_for_the_same_site(artefact, built_site, tmp_path):
    again = package(built_site, slug_to_ship(), tmp_path)
    assert again.read_bytes() == artefact.read_bytes()


def test_a_returning_visitor_gets_a_changed_page_after_a_release(artefact, tmp_path):
    """Issue 24 point 2: one digit of a timescale changed (5 working days to 7) leaves some pages the same size.
    Every zip entry dated 2020-01-01 gave them the same ETag and Last-Modified under nginx, so a returning browser
    got 304 and kept the old rules. Deployed as a council would (unzipped with the zip's dates), the new release
    must answer the old validators with 200 and the new page."""
    from guide.publish.site import build_site

    from .conftest import BUILD_TODAY, ROOT

    slug = slug_to_ship()
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES / slug, policies / slug)
    policy_file = policies / slug / "policy.yaml"
    text = policy_file.read_text(encoding="utf-8")
    amount = re.search(r"(?m)^(\s+amount: )([1-8])$", text)
    assert amount, "a timescale of one digit to change"
    policy_file.write_text(text[:amount.start()] + amount.group(1) + str(int(amount.group(2)) + 1)
                           + text[amount.end():], encoding="utf-8")
    build_site(ROOT, tmp_path / "site", only=slug, today=BUILD_TODAY, work=tmp_path / "work", policies=policies)
    release = package(tmp_path / "site", slug, tmp_path / "dist")

    with zipfile.ZipFile(artefact) as before, zipfile.ZipFile(release) as after:
        old = {i.filename: before.read(i) for i in before.infolist() if i.filename.endswith(".html")}
        new = {i.filename: after.read(i) for i in after.infolist() if i.filename.endswith(".html")}
    same_size = sorted(n for n in old.keys() & new.keys() if old[n] != new[n] and len(old[n]) == len(new[n]))
    assert f"{slug}/guide/index.html" in same_size, "the case of the issue: the guide changed, its size did not"

    root = tmp_path / "nginx"
    www = root / "www"
    unzip(artefact, www)
    with nginx_serving(root, www / slug) as base:
        validators = {}
        for name in same_size:
            path = f"{SUB_PATH}/{name.split('/', 1)[1]}"
            status, headers, body = get(base, path)
            assert status == 200 and body == old[name]
            validators[name] = {"If-None-Match": headers["ETag"], "If-Modified-Since": headers["Last-Modified"]}
            assert get(base, path, **validators[name])[0] == 304, "unchanged: not sent again"
        shutil.rmtree(www)   # the council unzips the new release in its place
        unzip(release, www)
        for name in same_size:
            path = f"{SUB_PATH}/{name.split('/', 1)[1]}"
            for header, value in validators[name].items():
                status, _, body = get(base, path, **{header: value})
                assert (status, body == new[name]) == (200, True), f"{name} with the old {header}"
