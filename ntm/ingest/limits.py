"""What one upload may hold, and so how much work reading it may take.

A dataset has at most seven known columns; a file is a table of such rows. Every bound below
is far above what a real file of the programme needs (a national criteria_status file has
~2,7 million rows of 4 columns) and far below what would let one file exhaust the server:
reading stops, and the file is refused with a message, as soon as a bound is passed.
"""
from __future__ import annotations

MAX_COLUMNS = 50                 # columns of a file (known ones plus notes and the like)
MAX_ROWS = 10_000_000            # data rows of a delimited text file
MAX_CELLS = 60_000_000           # rows × columns of a delimited text file
MAX_CELL_CHARS = 10_000          # characters in one cell
MAX_RECORD_CHARS = 100_000        # one record of a delimited file (below the csv module's field limit)
MAX_HEADER_SCAN = 1 << 20        # bytes read to find the header line

# XLSX: a zip of XML parts. Only the parts a table needs are read, each within a size bound
# checked against the zip directory before any byte is inflated (and again while inflating).
XLSX_MAX_ROWS = 1_048_576        # Excel's own row limit
XLSX_MAX_COLUMN = 16_384         # Excel's own column limit (XFD)
XLSX_MAX_MEMBERS = 10_000        # parts in the zip
XLSX_MAX_SHEET_BYTES = 256 << 20   # uncompressed sheet XML (a full 1-million-row sheet of 4 columns ≈ 170 MB)
XLSX_MAX_STRINGS_BYTES = 128 << 20  # uncompressed shared-strings XML
XLSX_MAX_PART_BYTES = 16 << 20   # workbook, relationships
XLSX_MAX_STRINGS = 2_000_000     # distinct strings
XLSX_MAX_RATIO = 100             # uncompressed / compressed size of a part over 1 MB (sheets reach ~10–20)
XLSX_RATIO_FROM = 1 << 20
XLSX_MAX_VALUES = 8_000_000      # cells with a value: a full sheet of a dataset's 7 columns, and some
XLSX_MAX_EMPTY_CELLS = 5_000_000  # cells without a value (formatting only)
XLSX_MAX_OTHER_ELEMENTS = 2_000_000  # XML elements inside the sheet data other than rows, cells and values

MAX_LISTED_WARNINGS = 100        # warnings listed in a report (all are counted)
MAX_LISTED_EXTRA_COLUMNS = 10    # unknown columns named one by one, the rest summarised
MAX_FILENAME_BYTES = 255

# Workbooks read whole, sheet by sheet, as grids (the offices' forms; .xls and .ods files).
FORM_MAX_SHEETS = 50             # sheets read from one workbook (a sheet a year, and some)
FORM_MAX_ROWS = 20_000           # rows of one sheet of a form (a national form has ~9,000 communes)
FORM_MAX_CELLS = 2_000_000       # cells with a value in all the sheets of one workbook
FORM_CHILD_HEADROOM_MB = 256     # address space the .xls/.ods reader's process may add after its imports
FORM_CHILD_SECONDS = 20          # time it may take
