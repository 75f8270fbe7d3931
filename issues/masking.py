"""Masking of workers' personal data (DESIGN.md §3).

Everyone who may see a ticket but does not handle it sees the worker's name,
phone and ID number masked. Whether a user may see them in full is decided by
``WorkerIssue.can_see_personal_data``; these functions only do the masking and
are used by the list, the detail page, the admin and the exports.

    mask_name("张三") == "张*"          mask_name("欧阳娜娜") == "欧***"
    mask_phone("13812345678") == "138****5678"
    mask_phone("010-12345678") == "010-****5678"
    mask_id_number("110101199003074512") == "110***********4512"

Empty values stay empty (nothing to hide, and "—" is the template's job).
"""

MASK = "*"


def mask_name(name: str) -> str:
    """Keep the first character (the surname for most Chinese names), hide the rest."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return MASK
    return name[0] + MASK * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits of a mobile; area code and last four of a landline."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{MASK * max(len(number) - 4, 0)}{number[-4:]}" if len(number) > 4 else f"{area}-{MASK * 4}"
    if len(phone) >= 8:
        return phone[:3] + MASK * (len(phone) - 7) + phone[-4:]
    return MASK * len(phone)


def mask_id_number(id_number: str) -> str:
    """Keep the first three (province/city) and last four characters of an ID number."""
    id_number = (id_number or "").strip()
    if not id_number:
        return ""
    if len(id_number) <= 7:
        return MASK * len(id_number)
    return id_number[:3] + MASK * (len(id_number) - 7) + id_number[-4:]
