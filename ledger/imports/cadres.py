"""Cadres from Excel (issue 11): accounts created in bulk, each put into a team of the current campaign.

A row is one new account: 账号 (unique), 姓名, optional 邮箱, and optionally the
team (a team name of the current campaign) and role. Every row is checked
before anything is written (the import service refuses the whole file when a
row is wrong); accounts are created with no usable password, so nobody can
sign in until office staff hand out a temporary one (人员 › 重置密码).
Memberships go through ``campaigns.memberships.add_member`` (the one writer).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from campaigns import memberships
from campaigns.models import Campaign, TeamMembership, WorkTeam

from .reader import ColumnSpec, RowError, as_text

COLUMNS = [
    ColumnSpec("账号", True, "必填，登录用，字母、数字或 @.+-_，不能与已有账号重复", 16),
    ColumnSpec("姓名", True, "必填", 12),
    ColumnSpec("邮箱", False, "可留空；填写后可收到提醒邮件", 24),
    ColumnSpec("小组", False, "当前蹲点活动中的小组名称，如“第一蹲点小组”；可留空", 16),
    ColumnSpec("角色", False, "组长/组员，留空为组员", 8),
]
ROLES = {"组长": TeamMembership.Role.LEADER, "组员": TeamMembership.Role.MEMBER, "": TeamMembership.Role.MEMBER}


@dataclass
class CadreRow:
    row: int
    username: str
    name: str
    email: str
    team: WorkTeam | None
    role: str


class CadreImporter:
    kind = "cadres"
    columns = COLUMNS
    key_column = "账号"

    def __init__(self, user, **options):
        self.user = user
        self.campaign = Campaign.objects.current()

    def validate(self, rows) -> tuple[list, list]:
        User = get_user_model()
        teams = {t.name: t for t in WorkTeam.objects.filter(campaign=self.campaign)} if self.campaign else {}
        with_leader = set(
            TeamMembership.objects.current().filter(role=TeamMembership.Role.LEADER).values_list("team_id", flat=True)
        )
        taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
        seen, valid, errors = {}, [], []
        for row, values in rows:
            problems = []
            username = as_text(values.get("账号"))
            name = as_text(values.get("姓名"))
            email = as_text(values.get("邮箱"))
            team_name = as_text(values.get("小组"))
            role_text = as_text(values.get("角色"))
            if not username:
                problems.append(("账号", "必填"))
            else:
                try:
                    UnicodeUsernameValidator()(username)
                except ValidationError:
                    problems.append(("账号", "只能包含字母、数字和 @.+-_"))
                if len(username) > 150:
                    problems.append(("账号", "不能超过150个字符"))
                if username.lower() in taken:
                    problems.append(("账号", f"账号“{username}”已存在"))
                elif username.lower() in seen:
                    problems.append(("账号", f"与第{seen[username.lower()]}行的账号重复"))
                seen.setdefault(username.lower(), row)
            if not name:
                problems.append(("姓名", "必填"))
            elif len(name) > 150:
                problems.append(("姓名", "不能超过150个字符"))
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.append(("邮箱", "不是有效的邮箱地址"))
            team = None
            if team_name:
                team = teams.get(team_name)
                if team is None:
                    where = f"“{self.campaign.name}”" if self.campaign else "当前活动"
                    problems.append(("小组", f"{where}中没有名为“{team_name}”的小组"))
            if role_text not in ROLES:
                problems.append(("角色", "应为“组长”或“组员”"))
            elif ROLES[role_text] == TeamMembership.Role.LEADER:
                if team is None:
                    problems.append(("小组", "组长须填写小组"))
                elif team.pk in with_leader:
                    problems.append(("角色", f"{team_name}已有组长"))
                else:
                    with_leader.add(team.pk)
            if problems:
                errors.extend(RowError(row, column, message) for column, message in problems)
                continue
            valid.append(CadreRow(row, username, name, email, team, ROLES.get(role_text, "member")))
        return valid, errors

    def write(self, rows) -> tuple[int, int]:
        User = get_user_model()
        today = timezone.localdate()
        for r in rows:
            user = User(username=r.username, first_name=r.name, email=r.email)
            user.set_unusable_password()
            user.save()
            if r.team is not None:
                since = max(r.team.campaign.start_date, today)
                memberships.add_member(r.team, user, role=r.role, since=since)
        return len(rows), 0
