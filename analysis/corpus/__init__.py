"""Reading a corpus: list, read and decode files, detect duplicates, and run extraction over them.

Reading ends here: `walk` lists files, `read` (with `decode` and `html`) turns each into a
Document or a Skipped record, `dedup` decides duplicates, `cache` and `engines` let `run`
extract a corpus on every core; the extraction itself lives in `analysis.extract`.
"""
