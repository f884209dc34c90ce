"""pcmt-notebooks: Vietnamese drug-control news turned into tidy, checkable tables."""

__version__ = "0.1.0"
