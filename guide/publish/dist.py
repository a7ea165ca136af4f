"""One artefact per partnership for a council's web server (build time): `make dist PARTNERSHIP=slug`.

The zip holds only what the partnership's site serves (no source maps, no search languages it does not use),
`.gz` and `.br` copies beside large files for servers that send precompressed files, and ready server settings
with the same headers as `build.py serve`: an nginx snippet, an Apache `.htaccess`, an IIS `web.config` and a
`_headers` file for static hosts. None of them names a path, so the folder works under any sub-path.

On the site, every partnership's guide loads the one shared runtime at the site's root (`_runtime/`,
shared_runtime.py). The zip carries its own copy of the part its guide loads, in `_runtime/` inside the folder,
and its guide pages point one folder less far up for it (`data-runtime`), so the folder works alone.

Each entry is dated from its content (``entry_time``): the build's day plus a time of day taken from the content's
hash. Servers make their validators from the file's date and size (nginx's ETag and Last-Modified, Apache's and
IIS's ETag), so a page whose size did not change (5 working days changed to 7) still looks changed to a browser
that revalidates it, while the same site zipped again gives the same zip.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import zipfile
from pathlib import Path

from . import content_policy
from . import shared_runtime
from .compression import COMPRESSIBLE, compressed
from .site import HASHED_NAME, IMMUTABLE, MIME_TYPES, SECURITY_HEADERS, SITE_INDEX_END, SITE_INDEX_START

DAY = 24 * 60 * 60
# Material's own bundles carry a content hash in their names: they never change under the same name.
HASHED = HASHED_NAME
NO_CACHE = "no-cache"
CONFIG_FILES = ("nginx.conf", ".htaccess", "web.config", "_headers", "README.txt")


def served_files(folder: Path, languages=("en",)) -> list[Path]:
    """The files a partnership's site serves, leaving out source maps and unused search languages."""
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if path.suffix == ".map" or path.suffix in (".gz", ".br") and path.name != "sitemap.xml.gz":
            continue
        if "/javascripts/lunr/" in "/" + relative and set(languages) <= {"en"}:
            continue   # Material loads these only for search in languages other than English
        files.append(path)
    return files


def headers(policy: str) -> dict[str, str]:
    return {**SECURITY_HEADERS, "Content-Security-Policy": policy}


def nginx_conf(policy: str) -> str:
    types = "\n".join(f"    {mime} {ext.lstrip('.')};" for ext, mime in sorted(_types().items()))
    security = "\n".join(f'add_header {name} "{value}" always;' for name, value in headers(policy).items())
    return f"""# nginx settings for the escalation guide in this folder. They name no path, so the folder can live under any
# path. Include this file inside the location that serves the unzipped folder, for example:
#
#   location /safeguarding/escalation/ {{
#       alias /var/www/escalation/;
#       include /var/www/escalation/nginx.conf;
#   }}
#
# With the full nginx build (ngx_http_gzip_static_module), add `gzip_static on;` to send the .gz files as they are.
#
# A browser revalidates a page with the ETag and Last-Modified nginx made from the file's date and size. The zip
# dates every file from its content, so unzip it keeping those dates (unzip, 7-Zip and Windows do) or copy it
# with new ones: either way a changed page looks changed.

types {{
{types}
}}
default_type application/octet-stream;
etag on;
if_modified_since exact;
charset utf-8;
charset_types text/css text/javascript application/json image/svg+xml application/xml text/plain;
index index.html;
autoindex off;
gzip on;
gzip_types text/css text/javascript application/json application/wasm application/zip image/svg+xml application/xml text/plain;

# HTML and everything else is revalidated on each visit; only files whose names carry a content hash are cached.
set $escalation_cache "{NO_CACHE}";
if ($uri ~ "{HASHED}") {{
    set $escalation_cache "{IMMUTABLE}";
}}
add_header Cache-Control $escalation_cache always;
{security}
location ~ /(nginx\\.conf|\\.htaccess|web\\.config|_headers|README\\.txt)$ {{
    return 404;
}}
"""


def htaccess(policy: str) -> str:
    types = "\n".join(f"AddType {mime} {ext}" for ext, mime in sorted(_types().items()))
    security = "\n".join(f'  Header always set {name} "{value}"' for name, value in headers(policy).items())
    return f"""# Apache settings for the escalation guide in this folder (needs AllowOverride FileInfo Indexes Headers).
# They name no path, so the folder can live under any path.
Options -Indexes
DirectoryIndex index.html
# Validators from each file's date and size, not its inode (the same on every server behind a balancer): the zip
# dates every file from its content, so a changed file gets a new ETag even when its size did not change.
FileETag MTime Size
{types}
AddDefaultCharset utf-8
<IfModule mod_headers.c>
{security}
  Header set Cache-Control "{NO_CACHE}"
  <If "%{{REQUEST_URI}} =~ m#{HASHED}#">
    Header set Cache-Control "{IMMUTABLE}"
  </If>
</IfModule>
<IfModule mod_deflate.c>
  AddOutputFilterByType DEFLATE text/html text/css text/javascript application/json application/wasm application/zip image/svg+xml
</IfModule>
<FilesMatch "^(nginx\\.conf|web\\.config|_headers|README\\.txt)$">
  Require all denied
</FilesMatch>
"""


def web_config(policy: str) -> str:
    types = "\n".join(f'      <remove fileExtension="{ext}" />\n      <mimeMap fileExtension="{ext}" mimeType="{mime}" />'
                      for ext, mime in sorted(_types().items()) if ext not in (".html", ".css", ".png", ".ico"))
    security = "\n".join(f'        <add name="{name}" value="{_xml(value)}" />' for name, value in headers(policy).items())
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- IIS settings for the escalation guide in this folder. They name no path: the folder can be any application or
     virtual directory. Every file is revalidated on each visit (Cache-Control: no-cache), with an ETag IIS makes
     from the file's date: the zip dates every file from its content, so a changed file looks changed. -->
<configuration>
  <system.webServer>
    <directoryBrowse enabled="false" />
    <staticContent>
{types}
      <clientCache cacheControlMode="DisableCache" />
    </staticContent>
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
    <httpProtocol>
      <customHeaders>
{security}
      </customHeaders>
    </httpProtocol>
  </system.webServer>
</configuration>
"""


def static_headers(policy: str) -> str:
    lines = ["# Headers for static hosts that read a _headers file (Netlify, Cloudflare Pages).", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers(policy).items()]
    lines += [f"  Cache-Control: {NO_CACHE}"]
    for pattern in ("/assets/javascripts/*.min.js", "/assets/stylesheets/*.min.css", "/assets/images/favicon.*.png",
                    "/guide/*/*", f"/{shared_runtime.FOLDER}/*/*"):
        lines += [pattern, f"  Cache-Control: {IMMUTABLE}"]   # content-hashed names and folders
    return "\n".join(lines) + "\n"


def readme(slug: str) -> str:
    return f"""The escalation guide of {slug}: a static site. Unzip it anywhere under your web server's document root, under
any path, and use the settings for your server: nginx.conf (include it in the location), .htaccess (Apache),
web.config (IIS) or _headers (static hosts). They set the MIME types the guide needs (.mjs as JavaScript, .wasm as
application/wasm), caching, compression and the security headers. The .gz and .br files are precompressed copies
for servers that can send them. See docs/publishing.md in the project for each host step by step.
"""


def _types() -> dict[str, str]:
    return {**MIME_TYPES, ".html": "text/html", ".css": "text/css", ".svg": "image/svg+xml", ".xml": "application/xml",
            ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain", ".gz": "application/gzip"}


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def package(site: Path, slug: str, out: Path) -> Path:
    """Zip ``site/slug`` for handing over. Returns the zip's path."""
    folder = site / slug
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"{folder} is not a built partnership site: run `python build.py build` first")
    policy = content_policy.header_policy(folder)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{slug}.zip"
    partial = target.with_suffix(".zip.part")
    day = build_day(folder)
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes, compress: bool = True, dated_from: bytes | None = None):
            info = zipfile.ZipInfo(f"{slug}/{name}", entry_time(data if dated_from is None else dated_from, day))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        for path in served_files(folder):
            name = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            if path.name == "404.html":
                data, dropped = _without_site_index(data)
                if dropped:   # the copies beside it still have the link
                    add(name, data)
                    continue
            if path.name == "studio-worker.mjs":    # the studio's Pyodide: the zip's own copy of the runtime
                data, moved = _studio_runtime_inside(data)
                if moved:
                    add(name, data)
                    for suffix, copy in compressed(data).items():
                        add(name + suffix, copy, compress=False, dated_from=data)
                    continue
            if path.suffix == ".html":
                data, moved = _runtime_inside(data)
                data, dropped = _without_site_index(data)   # a region's other areas: not in this zip
                if moved or dropped:   # its compressed copies made again from the page as it is in the zip
                    add(name, data)
                    for suffix, copy in compressed(data).items():
                        add(name + suffix, copy, compress=False, dated_from=data)
                    continue
            add(name, data, compress=path.suffix in COMPRESSIBLE)
            for suffix in (".br", ".gz"):
                copy = path.with_name(path.name + suffix)   # made by the build (guide/publish/compression.py)
                if copy.is_file() and path.name != "sitemap.xml":
                    add(name + suffix, copy.read_bytes(), compress=False, dated_from=data)   # changes with it
        runtime = site / shared_runtime.FOLDER
        for name in shared_runtime.used_files(site, slug):   # the zip's own copy of the shared runtime
            path = runtime / name
            data = path.read_bytes()
            add(f"{shared_runtime.FOLDER}/{name}", data, compress=path.suffix in COMPRESSIBLE)
            for suffix in (".br", ".gz"):
                copy = path.with_name(path.name + suffix)
                if copy.is_file():
                    add(f"{shared_runtime.FOLDER}/{name}{suffix}", copy.read_bytes(), compress=False, dated_from=data)
        add("nginx.conf", nginx_conf(policy).encode())
        add(".htaccess", htaccess(policy).encode())
        add("web.config", web_config(policy).encode())
        add("_headers", static_headers(policy).encode())
        add("README.txt", readme(slug).encode())
    partial.replace(target)
    return target


def _runtime_inside(page: bytes) -> tuple[bytes, bool]:
    """A guide page pointed at the runtime inside the partnership's folder (one `../` less), as it is in its zip."""
    pattern = re.compile(shared_runtime.ATTRIBUTE.pattern.encode())
    moved = pattern.sub(lambda m: b'data-runtime="' + m.group(1)[3:] + shared_runtime.FOLDER.encode() + b'/"', page)
    return moved, moved != page


def _studio_runtime_inside(script: bytes) -> tuple[bytes, bool]:
    """The studio's worker pointed at the runtime inside the partnership's folder (one `../` less)."""
    pattern = re.compile(rb'(pyodide: ")\.\./((?:\.\./)*' + shared_runtime.FOLDER.encode() + rb'/)')
    moved = pattern.sub(rb'\1\2', script, count=1)
    return moved, moved != script


def _without_site_index(page: bytes) -> tuple[bytes, bool]:
    """A page without its links to the rest of the site (the site's index from "page not found", a region's other
    areas from a local policy's home page), which are not in a partnership's zip."""
    pattern = re.escape(SITE_INDEX_START.encode()) + b".*?" + re.escape(SITE_INDEX_END.encode()) + b"\n?"
    shorter = re.sub(pattern, b"", page, flags=re.S)
    return shorter, shorter != page


def build_day(folder: Path) -> int:
    """The start (UTC) of the day the site was built: SOURCE_DATE_EPOCH if set (reproducible builds), otherwise
    the day of the newest file in the folder. A later build is dated later."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    newest = int(stamp) if stamp.isdigit() else max(int(p.stat().st_mtime) for p in folder.rglob("*") if p.is_file())
    return max(newest - newest % DAY, 315_532_800)   # a zip cannot date a file before 1980


def entry_time(data: bytes, day: int) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date for ``data``: ``day`` plus a time of day from the content's hash, in the zip's 2-second
    steps. The same content always gets the same date; different content a different one (1 chance in 43,200 of
    the same time on the same day, and never the same time on different days)."""
    step = int.from_bytes(hashlib.sha256(data).digest()[:8], "big") % (DAY // 2)
    return time.gmtime(day + 2 * step)[:6]


def size_report(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
    served = [i for i in infos if not re.search(r"\.(gz|br)$", i.filename) or i.filename.endswith("sitemap.xml.gz")]
    return (f"{zip_path}: {zip_path.stat().st_size / 1e6:.1f} MB zipped; {len(served)} files serving "
            f"{sum(i.file_size for i in served) / 1e6:.1f} MB, plus {len(infos) - len(served)} precompressed copies")
