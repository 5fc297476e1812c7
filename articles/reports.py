"""The editors' report of an import, in Chinese: what was created, matched, kept, and what needs review."""

from __future__ import annotations

from django.utils import timezone

from newsroom.text import cn_date

from .services import ImportReport

ACTIONS = {"created": "新建", "updated": "已更新", "kept": "保留未改（已发布或已人工修改）"}


def _names(rows) -> str:
    return "、".join(str(r) for r in rows) or "无"


def format_report(report: ImportReport) -> str:
    lines = [f"== {report.file_name or '版面'} =="]
    if report.unchanged:
        page = report.already_imported
        lines.append(f"这个版面已经导入过（{timezone.localtime(page.imported_at):%Y-%m-%d %H:%M}），未做任何改动。")
        return "\n".join(lines)
    if report.dry_run:
        lines.append("（试运行：以下是将会写入的内容，数据库未改动）")
    lines.append(
        f"稿件 {len(report.articles)} 篇：新建 {report.count('created')}，更新 {report.count('updated')}，"
        f"保留 {report.count('kept')}"
    )
    for i, outcome in enumerate(report.articles, start=1):
        a, parsed = outcome.article, outcome.parsed
        when = f"{cn_date(parsed.date)}{parsed.time_of_day}" if parsed.date else (parsed.date_text or "日期不详")
        flag = "（标题为自动生成，待核）" if parsed.title_is_generated else ""
        kind = f"［{parsed.kind}］" if parsed.kind != "消息" else ""
        lines.append(f"{i}. {kind}《{a.title}》{flag} {when} ［{ACTIONS[outcome.action]}·{a.get_status_display()}］")
        if parsed.source_line and parsed.source_line != "本报讯":
            lines.append(f"   电头：{parsed.source_line}")
        if parsed.kicker or parsed.subtitle:
            lines.append(f"   引题：{parsed.kicker or '—'}  副题：{parsed.subtitle or '—'}")
        byline = " ".join(f"{c.role} {c.name}" for c in parsed.credits)
        lines.append(f"   署名：{byline or '无'}；段落 {len(parsed.paragraphs)}")
        people = "、".join(f"{p.title}{p.name}" + (f"（{p.role}）" if p.role else "") for p in parsed.people)
        lines.append(f"   人物：{people or '无'}")
        if parsed.organizations:
            lines.append(f"   机构：{'、'.join(parsed.organizations)}")
        if parsed.meetings:
            lines.append("   会议：" + "、".join(
                f"{m.name}" + (f"（主持：{m.chair}）" if m.chair else "") for m in parsed.meetings))
        if parsed.topics:
            lines.append(f"   专题：{'、'.join(parsed.topics)}")
    lines.append(f"人物：新建 {len(report.people_created)}（{_names(report.people_created)}）；"
                 f"匹配已有 {len(report.people_matched)}（{_names(report.people_matched)}）")
    lines.append(f"机构：新建 {len(report.organizations_created)}（{_names(report.organizations_created)}）；"
                 f"匹配已有 {len(report.organizations_matched)}")
    if report.meetings:
        lines.append(f"会议：{_names(report.meetings)}")
    if report.residue:
        lines.append("未归入任何稿件的文字（已随版面原文保存）：")
        lines.extend("  | " + block.replace("\n", " / ") for block in report.residue)
    if report.needs_review:
        lines.append("待核事项：")
        lines.extend(f"  - {note}" for note in report.needs_review)
    return "\n".join(lines)
