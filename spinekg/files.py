"""Writing files all or nothing: :func:`write_files`.

A build writes four files and a KGX export two; a user's disk may be full, a folder missing or
read-only, a path a directory. Each new file is written and synced beside its target, the old
files are kept as hard links, and only when every new file is complete are they moved into place.
On any failure every target is put back as it was and no temporary file is left.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from spinekg.errors import WriteError


def write_files(files: Mapping[Path, bytes], *, error: type[WriteError] = WriteError, special: bool = True) -> None:
    """Write every ``path: data`` of ``files``, all or none; raises ``error`` naming the path.

    With ``special`` a path that is a device or a pipe (``/dev/stdout``) is written as it is;
    without it, such a path is an error (the build writes regular files only).
    """
    staged: list[tuple[str, Path]] = []
    kept: dict[Path, str] = {}
    replaced: list[Path] = []
    current: Path = next(iter(files), Path("."))
    try:
        for target, data in files.items():
            current = target = Path(target)
            if target.is_dir():
                raise IsADirectoryError(21, "it is a directory")
            if target.exists() and not target.is_file():  # a device or pipe (/dev/stdout): written as it is
                if not special:
                    raise OSError(22, "not a regular file")
                with open(target, "wb") as fh:
                    fh.write(data)
                continue
            fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.", suffix=".tmp")
            staged.append((tmp, target))
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.is_file() else 0o666 & ~_umask())  # as open() would
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in staged:
            current = target
            if target.is_file() and not target.is_symlink():
                kept[target] = tmp + ".old"
                os.link(target, kept[target])
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
            replaced.append(target)
    except OSError as err:
        for target in reversed(replaced):
            if target in kept:
                os.replace(kept.pop(target), target)
        raise error(current, err) from err
    finally:
        for leftover in [tmp for tmp, _ in staged] + list(kept.values()):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: str | Path, text: str) -> None:
    """Write one text file (UTF-8) atomically: a failed write leaves an earlier file intact."""
    write_files({Path(path): text.encode("utf-8")})


#: The largest curation or cache file read (a curation file is kilobytes; the corpus' texts 50 kB).
MAX_READ = 64 * 1024 * 1024


def read_regular(path: str | Path, limit: int = MAX_READ) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else OSError.

    Opened without blocking and checked before reading, so a FIFO or a device where a file should
    be (``/dev/zero``) is an error at once, not a hang or a read without end.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(22, "not a regular file")
        if info.st_size > limit:
            raise OSError(27, f"larger than {limit // 1048576} MB")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(27, f"larger than {limit // 1048576} MB")
    return data
