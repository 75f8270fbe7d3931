"""Recording who was shown workers' unmasked personal data (个人信息保护法), one entry per page or file.

Every page that shows a ticket's worker unmasked calls ``log_page`` with the
tickets it showed; tickets shown masked, or with no personal data at all, are
left out, and a page that showed none writes nothing.
"""

from privacy.models import PersonalDataAccess
from privacy.services import record_access


def has_personal_data(name, phone, id_number) -> bool:
    return bool(name or phone or id_number)


def unmasked_codes(issues, user) -> list[str]:
    return [
        i.code
        for i in issues
        if has_personal_data(i.worker_name, i.worker_phone, i.worker_id_number) and i.can_see_personal_data(user)
    ]


def log_page(request, issues, kind=PersonalDataAccess.Kind.PAGE):
    return record_access(
        request.user, kind=kind, where=request.get_full_path(), tickets=unmasked_codes(issues, request.user)
    )
