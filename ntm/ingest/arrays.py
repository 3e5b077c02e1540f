"""NumPy arrays and Python values to Arrow arrays and back, through Arrow's buffers.

pyarrow imports pandas (~0,15 s) the first time it converts a NumPy array or a Python list
(``pa.array``, ``Array.to_numpy``). The checks of a file build their Arrow columns from buffers
instead, so an import of a dataset checked in Arrow (criteria_status: ``python -m ntm import``)
does not load pandas at all.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

NUMPY = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64,
         pa.float64(): np.float64}


def _bitmap(flags: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(flags.astype(bool, copy=False), bitorder="little"))


def to_numpy(arr: pa.Array) -> np.ndarray:
    """The values of an integer or float Arrow array as NumPy (no copy); pyarrow's own
    conversion for an array with nulls or of another type."""
    dtype = NUMPY.get(arr.type)
    if dtype is None or arr.null_count:
        return arr.to_numpy(zero_copy_only=False)
    if not len(arr):
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(arr.buffers()[1], dtype=dtype, count=len(arr), offset=arr.offset * np.dtype(dtype).itemsize)


def from_numpy(values: np.ndarray, kind: pa.DataType, missing: np.ndarray | None = None) -> pa.Array:
    """An Arrow array of `kind` (int32, float64, bool …) holding `values`, null where `missing`."""
    nulls = int(missing.sum()) if missing is not None else 0
    validity = _bitmap(~missing) if nulls else None
    if kind == pa.bool_():
        data = _bitmap(values)
    else:
        data = pa.py_buffer(np.ascontiguousarray(values, dtype=NUMPY[kind]))
    return pa.Array.from_buffers(kind, len(values), [validity, data], null_count=nulls)


def strings(values: list[str | None]) -> pa.Array:
    """An Arrow string array of Python texts (None: null)."""
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(e) for e in encoded])
    kind = pa.string() if offsets[-1] < 2**31 else pa.large_string()
    missing = np.array([v is None for v in values], dtype=bool)
    nulls = int(missing.sum())
    return pa.Array.from_buffers(kind, len(encoded), [_bitmap(~missing) if nulls else None, pa.py_buffer(
        offsets.astype(np.int32 if kind == pa.string() else np.int64)), pa.py_buffer(b"".join(encoded))],
        null_count=nulls)


def release() -> None:
    """Give the memory Arrow freed back to the system (its allocator keeps it for reuse)."""
    pa.default_memory_pool().release_unused()
