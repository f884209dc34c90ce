"""Evaluation: score extracted tables against hand-checked gold facts (precision, recall, F1)."""

from .scoring import Score, score, score_files

__all__ = ["Score", "score", "score_files"]
