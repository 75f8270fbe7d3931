from .offline import offline_pages, outbox, service_worker, sync, web_manifest
from .photos import photo, photo_delete
from .plans import plan_cancel, plan_create, plan_done, plan_edit, plan_list
from .visits import form_fields, visit_create, visit_detail, visit_edit, visit_list

__all__ = [
    "form_fields",
    "offline_pages",
    "outbox",
    "service_worker",
    "sync",
    "web_manifest",
    "photo",
    "photo_delete",
    "plan_cancel",
    "plan_create",
    "plan_done",
    "plan_edit",
    "plan_list",
    "visit_create",
    "visit_detail",
    "visit_edit",
    "visit_list",
]
