"""The store in a local folder (the default; ``NTM_DATA_DIR``, else ``store/`` in the checkout):

    blobs/ab/ab12…ef                 content-addressed bytes: datasets as Parquet, uploaded originals
    versions/000001/manifest.json    who, when, why, and the hash of each dataset's blob
    versions/000001/<dataset>.csv    versions written before layout 3 keep their CSV files here
    ACTIVE                           the id of the active version
    .lock                            serialises writers (uploads, restores, seeding)

Blobs are written under a temporary name and renamed into place; a version folder likewise;
the pointer is replaced with ``os.replace``: a crash at any moment leaves the previous or the
new version active, never a mix. New files are readable by the server's user (the umask's
modes, not mkdtemp's 0700).
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from pathlib import Path

from .base import DamagedVersion, Store, StoreWriteFailed, data_dir, sha256
from .parquet import is_parquet_manifest


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _manifest_json(manifest: dict) -> bytes:
    """A manifest as JSON with one line per key (an upload's report, thousands of preview rows at
    national scale, on one line: the C encoder writes it, ``indent`` would run in Python)."""
    lines = (f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in manifest.items())
    return ("{\n" + ",\n".join(lines) + "\n}").encode("utf-8")


def _file_sha(path: Path) -> str:
    return sha256(path.read_bytes())


class LocalStore(Store):
    def __init__(self, where=None):
        self.root = Path(where) if where is not None else data_dir()
        self.versions_dir = self.root / "versions"
        self.blobs_dir = self.root / "blobs"
        self.location = self.display = str(self.root)
        self._depth = 0
        self._lock_fh = None

    # -- primitives -------------------------------------------------------------------
    def ids(self) -> list[str]:
        if not self.versions_dir.is_dir():
            return []
        return sorted(p.name for p in self.versions_dir.iterdir() if p.name.isdigit() and p.is_dir())

    def active_id(self) -> str | None:
        try:
            return (self.root / "ACTIVE").read_text(encoding="utf-8").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def manifest(self, vid: str) -> dict:
        if not (vid and vid.isdigit() and (self.versions_dir / vid).is_dir()):
            raise KeyError(vid)
        try:
            meta = json.loads((self.versions_dir / vid / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DamagedVersion(vid, [f"manifest.json: {type(exc).__name__}"]) from None
        if not isinstance(meta, dict) or not isinstance(meta.get("files"), dict):
            raise DamagedVersion(vid, ["manifest.json: không đúng cấu trúc"])
        return meta

    def blob_path(self, digest: str) -> Path:
        return self.blobs_dir / digest[:2] / digest

    def _locate(self, vid: str, manifest: dict):
        if is_parquet_manifest(manifest):
            files = manifest["files"]
            return lambda name: self.blob_path(files[name])
        folder = self.versions_dir / vid
        return lambda name: folder / f"{name}.csv"

    def _blob_problems(self, vid: str, manifest: dict) -> list[str]:
        problems = []
        for name, digest in manifest["files"].items():
            path = (self.blob_path(digest) if is_parquet_manifest(manifest)
                    else self.versions_dir / vid / f"{name}.csv")
            if not path.is_file():
                problems.append(f"{name}: thiếu dữ liệu")
            elif _file_sha(path) != digest:
                problems.append(f"{name}: nội dung không khớp mã băm (hỏng hoặc bị sửa)")
        return problems

    def lock(self):
        def acquire():
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock_fh = open(self.root / ".lock", "a+")
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX)

        def release():
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            self._lock_fh = None

        return self._reentrant(acquire, release)

    def _publish(self, manifest: dict, blobs: dict[str, bytes]) -> str:
        """Write the blobs, then the version, then switch the pointer. A write that fails (the
        disk full, a file size limit) removes what this call wrote and raises StoreWriteFailed:
        the store is as it was, with no partial file left behind."""
        written: list[Path] = []  # files and folders this call made, removed again on failure
        vid = None
        try:
            for digest, data in blobs.items():
                target = self.blob_path(digest)
                if target.is_file() and _file_sha(target) == digest:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                existed = target.exists()  # a damaged copy, rewritten here: kept on failure
                tmp = target.parent / f".tmp-{uuid.uuid4().hex}"
                written.append(tmp)
                _write_file(tmp, data)
                os.replace(tmp, target)
                if existed:
                    written.pop()
                else:
                    written[-1] = target
                _fsync_dir(target.parent)
            self.versions_dir.mkdir(parents=True, exist_ok=True)
            existing = [int(p.name) for p in self.versions_dir.iterdir() if p.name.isdigit()]
            vid = f"{max(existing, default=0) + 1:06d}"
            tmp = self.versions_dir / f".tmp-{uuid.uuid4().hex}"
            tmp.mkdir()
            written.append(tmp)
            _write_file(tmp / "manifest.json", _manifest_json({"id": vid, **manifest}))
            os.rename(tmp, self.versions_dir / vid)
            written[-1] = self.versions_dir / vid
            _fsync_dir(self.versions_dir)
            self._point_to(vid)
            return vid
        except OSError as exc:
            if vid is not None and self.active_id() == vid:
                return vid  # the pointer was switched: the version is whole and served
            for path in reversed(written):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            for leftover in self.root.glob(f".ACTIVE.{os.getpid()}"):
                leftover.unlink(missing_ok=True)
            logging.getLogger("ntm").error("store write failed, nothing kept: %s", exc)
            raise StoreWriteFailed(exc.strerror or type(exc).__name__) from exc

    def _point_to(self, vid: str) -> None:
        tmp = self.root / f".ACTIVE.{os.getpid()}"
        _write_file(tmp, vid.encode())
        os.replace(tmp, self.root / "ACTIVE")
        _fsync_dir(self.root)

    def attachment(self, version, rel: str) -> bytes:
        meta = version.manifest
        if rel in meta.get("attachments", {}):
            return self.blob_path(meta["attachments"][rel]).read_bytes()
        return (self.versions_dir / version.id / rel).read_bytes()  # layouts 1–2 kept it beside

    def leftovers(self) -> list[str]:
        found = []
        for folder in (self.versions_dir, *(self.blobs_dir.iterdir() if self.blobs_dir.is_dir() else ())):
            if folder.is_dir():
                found += [str(p.relative_to(self.root)) for p in folder.iterdir() if p.name.startswith(".tmp-")]
        return sorted(found + [p.name for p in self.root.glob(".ACTIVE.*")])

    def clean_leftovers(self) -> list[str]:
        with self.lock():
            removed = self.leftovers()
            for rel in removed:
                path = self.root / rel
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        return removed
