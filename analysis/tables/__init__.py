"""Tables: the column contract (`schema`) and how tables are written and read (`io`)."""

from .io import MemorySink, TableSink, TableWriter, read_columns, read_tables, write_frames, write_tables
from .schema import COLUMNS, MAIN_METRICS, TABLES, frame

__all__ = ["COLUMNS", "MAIN_METRICS", "TABLES", "MemorySink", "TableSink", "TableWriter", "frame",
           "read_columns", "read_tables", "write_frames", "write_tables"]
