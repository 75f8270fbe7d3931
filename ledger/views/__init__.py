from .exports import index, job_detail, job_download, job_retry
from .imports import import_detail, import_history, import_template, import_upload

__all__ = [
    "import_detail",
    "import_history",
    "import_template",
    "import_upload",
    "index",
    "job_detail",
    "job_download",
    "job_retry",
]
