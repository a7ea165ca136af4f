"""Precompressed copies are kept only where they save bytes worth keeping (guide/publish/compression.py)."""

from __future__ import annotations

import gzip
import random
import zipfile
from io import BytesIO

from guide.publish.compression import compressed


def test_text_gets_both_copies_and_an_archive_already_compressed_gets_none():
    page = ("<p>Raise Stage 2 within 5 working days.</p>\n" * 200).encode()
    assert set(compressed(page)) >= {".gz"} and all(len(c) < len(page) for c in compressed(page).values())
    # Like Pyodide's standard library: an archive whose members are already compressed, which gzip and brotli
    # shrink by about 2% (the rest of it).
    noise = random.Random(1).randbytes(196_000) + bytes(4_000)
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("noise.bin", noise)
    data = archive.getvalue()
    assert len(gzip.compress(data, 9)) < len(data) * 0.99      # a copy would be a little smaller...
    assert compressed(data) == {}                               # ...but not by enough to keep
