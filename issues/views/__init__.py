"""Issue pages: the list (quick views, filters, rates per team) and the ticket pages."""

from .listing import issue_list
from .ticket import issue_action, issue_create, issue_detail, issue_edit, reply_attachment

__all__ = ["issue_action", "issue_create", "issue_detail", "issue_edit", "issue_list", "reply_attachment"]
