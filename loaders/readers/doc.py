"""Old Word documents (.doc, .wps) and RTF, converted through LibreOffice.

There is no maintained pure-Python reader for the binary .doc format, so
the file is converted to .docx by LibreOffice (headless, with its own
profile per process: two conversions sharing a profile fail silently) and
read by the .docx reader. Without LibreOffice the error says what to
install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from loaders.errors import LoaderError, ReadError
from loaders.readers.docx import read_docx
from loaders.readers.ir import Document
from loaders.readers.zipguard import is_encrypted_office

CONVERT_TIMEOUT_S = 120
INSTALL_HINT = (
    "reading .doc files needs LibreOffice, which is not installed; install it with "
    "`apt-get install -y --no-install-recommends libreoffice-writer-nogui` "
    "(or save the file as .docx)"
)
_LOCK = threading.Lock()  # one conversion at a time per process (one profile per process)


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, out_dir: Path) -> Path:
    """Convert `path` with LibreOffice to `target` ("docx", "pdf", …) in
    `out_dir`; return the new file. Raises `ReadError` when it fails."""
    soffice = soffice_path()
    if soffice is None:
        raise ReadError(INSTALL_HINT, path.name)
    profile = Path(tempfile.gettempdir()) / f"lo_profile_{os.getpid()}"
    command = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(path),
    ]
    with _LOCK:
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=CONVERT_TIMEOUT_S, check=False)  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                f"LibreOffice took more than {CONVERT_TIMEOUT_S} s to convert the file", path.name
            ) from exc
    produced = out_dir / f"{path.stem}.{target.split(':')[0]}"
    if done.returncode != 0 or not produced.exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ReadError(
            f"LibreOffice could not convert the file (damaged or not a Word file?): {detail[0]}",
            path.name,
        )
    return produced


def read(path: Path) -> Document:
    """Read a .doc (or .wps / .rtf) file by converting it to .docx."""
    with path.open("rb") as fh:
        data = fh.read()
    if not data.strip():
        raise ReadError("the file is empty", path.name)
    if is_encrypted_office(data):
        raise ReadError(
            "the Word file is password-protected; save a copy without a password and load that",
            path.name,
        )
    fmt = "rtf" if data.startswith(b"{\\rtf") else "doc"
    with tempfile.TemporaryDirectory(prefix="jixiao_doc_") as tmp:
        # A plain ASCII name: LibreOffice names its output after the input.
        source = Path(tmp) / f"input{path.suffix.lower() or '.doc'}"
        source.write_bytes(data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        try:
            converted = convert(source, "docx", out_dir)
            return read_docx(converted, source=path, fmt=fmt)
        except LoaderError as exc:
            raise ReadError(exc.message, path.name) from exc
