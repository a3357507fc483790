"""Streams the columns the import needs out of a Sirene stock file: CSV, zipped CSV or Parquet.

Columns are found by their INSEE names in the header (or the Parquet schema), whatever their order and whatever
else the file holds; a file lacking a required column is refused before anything is read. Values come as Arrow
record batches of bytes (pyarrow's C++ reader: 1 MB of CSV, a few thousand rows, at a time; memory bounded by
the batches read ahead, about 60 MB, not by the file). A CSV line with the wrong number of fields is skipped and
reported by its line number.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BLOCK_SIZE = 1 << 20  # bytes of CSV per batch (pyarrow reads up to 32 blocks ahead)
# Every so many batches, Arrow's memory pool hands back to the system what the batches read before freed (its
# allocator keeps it otherwise, and the process grows with the file instead of staying at a few batches).
RELEASE_EVERY = 32


class SireneFileError(Exception):
    """The file cannot be read as a Sirene stock file; the message (French) says why."""


@dataclass
class BadLine:
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.reason}" if self.line else self.reason


@dataclass
class StockFile:
    path: Path
    kind: str = ""  # "csv", "zip" or "parquet"
    columns: list[str] = field(default_factory=list)
    bad_lines: list[BadLine] = field(default_factory=list)
    bad_count: int = 0
    rows: int = 0
    batches: int = 0

    def bad(self, line: int | None, reason: str) -> None:
        self.bad_count += 1
        if len(self.bad_lines) < 1000:
            self.bad_lines.append(BadLine(line, reason))


def release(info: StockFile) -> None:
    """Counts a batch consumed; every RELEASE_EVERY batches, returns the pool's unused memory to the system."""
    info.batches += 1
    if info.batches % RELEASE_EVERY == 0:
        pa.default_memory_pool().release_unused()


def sniff(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == b"PAR1":
        return "parquet"
    if head[:2] == b"PK":
        return "zip"
    return "csv"


def _open_csv_bytes(path: Path, kind: str) -> io.BufferedIOBase:
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise SireneFileError("archive ZIP illisible.")
        members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
        if not members:
            raise SireneFileError("l'archive ZIP ne contient aucun fichier CSV.")
        return archive.open(members[0])
    return open(path, "rb")


def _header(raw: io.BufferedIOBase) -> list[str]:
    first = raw.readline(1 << 16).decode("utf-8-sig", errors="replace")
    return [name.strip() for name in next(csv.reader([first]), [])]


def batches(
    path: Path | str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    block_size: int = BLOCK_SIZE,
) -> tuple[StockFile, Iterator[pa.RecordBatch]]:
    """The file's description and an iterator of record batches holding `required` and the `optional` columns
    the file has (as binary columns: bytes, decoded by the caller for the rows it keeps)."""
    path = Path(path)
    if not path.exists():
        raise SireneFileError(f"fichier introuvable : {path}")
    info = StockFile(path, sniff(path))
    if info.kind == "parquet":
        try:
            parquet = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise SireneFileError(f"fichier Parquet illisible ({exc}).")
        info.columns = list(parquet.schema_arrow.names)
    else:
        with _open_csv_bytes(path, info.kind) as raw:
            info.columns = _header(raw)
    missing = [name for name in required if name not in info.columns]
    if missing:
        raise SireneFileError(
            f"colonnes absentes : {', '.join(missing)}. Est-ce bien un fichier de stock Sirene de l'INSEE "
            "(en-tête avec les noms de variables) ?"
        )
    wanted = [*required, *(name for name in optional if name in info.columns)]
    if info.kind == "parquet":
        return info, _parquet_batches(parquet, wanted, info)
    return info, _csv_batches(path, wanted, info, block_size)


def _parquet_batches(
    parquet: pq.ParquetFile, wanted: list[str], info: StockFile
) -> Iterator[pa.RecordBatch]:
    try:
        for batch in parquet.iter_batches(batch_size=200_000, columns=wanted):
            batch = pa.RecordBatch.from_arrays(
                [_as_binary(batch.column(name)) for name in wanted], names=wanted
            )
            info.rows += batch.num_rows
            yield batch
            release(info)
    except (pa.ArrowException, OSError) as exc:
        raise SireneFileError(f"fichier Parquet illisible après {info.rows} lignes ({exc}).")


def _as_binary(column: pa.Array) -> pa.Array:
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = column.cast(pa.string())
    return column.cast(pa.binary()).fill_null(b"")


def _csv_batches(
    path: Path, wanted: list[str], info: StockFile, block_size: int
) -> Iterator[pa.RecordBatch]:
    def invalid(row) -> str:
        # The line number is known only when the file is parsed in one thread: the line's text names it otherwise.
        line = (
            row.number + 1 if row.number is not None else None
        )  # 1-based, the header being line 1
        excerpt = (row.text or "")[:80]
        fields = f"{row.actual_columns} champ(s) au lieu de {row.expected_columns}"
        info.bad(line, f"ligne malformée, {fields} : « {excerpt} »")
        return "skip"

    handler: Callable = invalid
    with _open_csv_bytes(path, info.kind) as raw:
        try:
            reader = pacsv.open_csv(
                raw,
                read_options=pacsv.ReadOptions(block_size=block_size, use_threads=True),
                parse_options=pacsv.ParseOptions(invalid_row_handler=handler),
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    column_types=dict.fromkeys(wanted, pa.binary()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    null_values=[],
                ),
            )
            for batch in reader:
                info.rows += batch.num_rows
                yield batch
                release(info)
        except pa.ArrowException as exc:
            raise SireneFileError(f"fichier illisible après {info.rows} lignes ({exc}).")
