"""Old Word files through LibreOffice, and what happens without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import ReadError
from loaders.readers import read
from loaders.readers.doc import soffice_path
from loaders.readers.docx import read as read_docx
from loaders.readers.ir import Table

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
DOC = FORMATS / "001_d561446380a2a949.doc"
needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")


def test_without_libreoffice_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    copy = tmp_path / "老报告.doc"
    copy.write_bytes(DOC.read_bytes())
    with pytest.raises(ReadError) as caught:
        read(copy)
    message = str(caught.value)
    assert message.startswith("老报告.doc: reading .doc files needs LibreOffice")
    assert "apt-get install -y --no-install-recommends libreoffice-writer-nogui" in message


@pytest.mark.slow
@needs_soffice
def test_doc_reads_like_the_docx_it_was_saved_from() -> None:
    old = read(DOC)
    new = read_docx(FORMATS / "001_d561446380a2a949.docx")
    assert old.format == "doc"
    assert old.source == DOC
    assert [b.texts() for b in old.blocks if isinstance(b, Table)] == [
        b.texts() for b in new.blocks if isinstance(b, Table)
    ]


@pytest.mark.slow
@needs_soffice
def test_a_damaged_doc_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.doc"
    broken.write_bytes(DOC.read_bytes()[:3000])
    with pytest.raises(ReadError, match=r"^broken\.doc: "):
        read(broken)


def test_an_encrypted_doc(tmp_path: Path) -> None:
    locked = tmp_path / "locked.doc"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(ReadError, match=r"locked\.doc: the Word file is password-protected"):
        read(locked)
