"""A large corpus for benchmarks, made from UNC's paragraphs: never committed, rebuilt from a seed.

Each document has UNC-style header lines (url, date), a title line taken from a UNC article and
5–20 paragraphs sampled from all UNC articles; about 2% of the documents repeat an earlier one
exactly and 2% repeat one with another header and a source line added (a near-duplicate).
Files go 1,000 to a folder. The same seed and size give the same bytes.

    python benchmarks/synthetic.py OUT_DIR --documents 100000 [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from analysis.corpus.decode import format_header

EXACT, NEAR = 0.02, 0.02  # share of exact and near duplicates
PER_FOLDER = 1000


@dataclass(frozen=True)
class Material:
    """UNC's titles and body paragraphs."""

    titles: list[str]
    paragraphs: list[str]


def load_material(unc: Path) -> Material:
    """Titles (first line after the header) and paragraphs (the lines after it) of every UNC article."""
    titles, paragraphs = [], []
    for path in sorted(unc.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("# ")]
        if len(body) >= 2:
            titles.append(body[0])
            paragraphs.extend(body[1:])
    return Material(titles, paragraphs)


def _article(material: Material, rng: random.Random, i: int) -> list[str]:
    """Header, title and paragraphs of the i-th original article."""
    day = rng.randrange(365 * 5)
    date = f"{2019 + day // 365}{1 + day % 365 // 31:02d}{1 + day % 31 % 28:02d}"
    header = format_header({"url": f"https://example.org/tin/{i}.htm", "date": date}).splitlines()
    return header + [rng.choice(material.titles)] + rng.sample(material.paragraphs, rng.randint(5, 20))


def _near_copy(lines: list[str], i: int) -> list[str]:
    """The same article republished: another header and a source line at the end."""
    return [*format_header({"url": f"https://example.net/bai-viet/{i}.htm"}).splitlines(), lines[1], *lines[2:],
            "Nguồn: báo điện tử"]


def generate(out: Path, n: int, material: Material, seed: int = 0) -> Path:
    """Write `n` documents under `out` (created) and return it."""
    rng = random.Random(seed)
    originals: list[int] = []  # indices of original documents, to copy from
    for i in range(n):
        kind = rng.random()
        if originals and kind < EXACT + NEAR:
            j = rng.choice(originals)
            lines = _article(material, random.Random(f"{seed}/{j}"), j)
            if kind >= EXACT:
                lines = _near_copy(lines, i)
        else:
            originals.append(i)
            lines = _article(material, random.Random(f"{seed}/{i}"), i)
        folder = out / f"{i // PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"tin_{i:07d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """Write a corpus."""
    from analysis.config import UNC_DIR

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unc", type=Path, default=UNC_DIR)
    args = parser.parse_args(argv)
    generate(args.out, args.documents, load_material(args.unc), args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
