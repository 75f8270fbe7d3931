"""manage.py restore BACKUP: into an empty database and storage; every count and checksum is checked."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, compare_live, read_manifest, restore


class Command(BaseCommand):
    help = "把 manage.py backup 的备份恢复到空数据库和空存储，并按清单核对行数与文件校验和。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录（含 manifest.json）")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="不恢复，只把当前数据库和存储与清单核对（恢复演练或迁移后使用）",
        )

    def handle(self, *args, source, verify_only, **options):
        try:
            if verify_only:
                problems = compare_live(read_manifest(Path(source)))
                if problems:
                    raise BackupError("与备份清单不一致：" + "；".join(problems))
                self.stdout.write(self.style.SUCCESS("核对一致：每张表的行数和每个文件的校验和都与清单相同。"))
                return
            result = restore(Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并核对一致：{result['tables']} 张表 {result['rows']} 行，{result['files']} 个文件。"
            )
        )
