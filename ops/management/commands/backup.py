"""manage.py backup DEST: the database dump, every stored file and a manifest of counts and checksums."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup, read_manifest


class Command(BaseCommand):
    help = "备份数据库和全部文件（存储桶或 MEDIA_ROOT），附带行数与校验和清单。"

    def add_arguments(self, parser):
        parser.add_argument("destination", help="备份存放的目录；其中新建 dundian-日期-时间/ 子目录")

    def handle(self, *args, destination, **options):
        try:
            target = backup(Path(destination))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = read_manifest(target)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{target}\n")
        self.stdout.write(
            self.style.SUCCESS(f"备份完成：{len(manifest['counts'])} 张表 {rows} 行，{len(manifest['files'])} 个文件。")
        )
