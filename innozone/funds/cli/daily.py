"""`python -m innozone funds daily [--enqueue]`: the daily work (innozone/funds/tasks.py) now, or queued."""


def daily_cmd(command, options) -> None:
    from ..tasks import daily, run_daily

    if options["enqueue"]:
        command.stdout.write(f"enqueued {daily.enqueue().id}")
        return
    result = run_daily()
    text = "closed {calls_closed} calls, {reports_overdue} overdue reports reminded, {sanctions} sanctions"
    command.stdout.write(text.format(**result))


def add_parsers(subparsers) -> dict:
    p = subparsers.add_parser("daily", help="close calls past their date, remind overdue reports and acceptances")
    p.add_argument("--enqueue", action="store_true", help="hand the work to the tasks backend")
    return {"daily": daily_cmd}
