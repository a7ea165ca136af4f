"""Precompressed copies are kept only where they save bytes worth keeping (guide/publish/compression.py)."""

from __future__ import annotations

import random
import zipfile
from io import BytesIO

from guide.publish.compression import compressed


def test_text_gets_both_copies_and_an_archive_already_compressed_gets_none():
    page = ("<p>Raise Stage 2 within 5 working days.</p>\n" * 200).encode()
    assert set(compressed(page)) >= {".gz"} and all(len(c) < len(page) for c in compressed(page).values())
    noise = random.Random(1).randbytes(200_000)      # like Pyodide's standard library: a deflated archive
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("noise.bin", noise)
    assert compressed(archive.getvalue()) == {}
