"""pcmt-notebooks: Vietnamese drug-control news turned into tidy, checkable tables."""

import os

# Nothing may be downloaded at run time: underthesea's offline functions are all we use.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

__version__ = "0.1.0"
