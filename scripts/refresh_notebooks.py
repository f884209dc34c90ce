"""Re-execute the notebooks on the default corpus and store only the outputs nbval checks.

Cells marked `# NBVAL_CHECK_OUTPUT` keep their output (nbval compares it in `make test`);
every other cell is committed without output, so notebooks stay small. Run it through
`make notebooks` after a change that legitimately alters a checked number, then review
the diff of notebooks/ before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
MARK = "NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK not in cell.source:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    targets = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for target in targets:
        refresh(target.resolve())
