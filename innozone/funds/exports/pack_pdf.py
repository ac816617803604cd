"""PDFs of part B: the decision pack and the award letter.

Chinese text uses the Adobe CID font STSong-Light, which PDF readers supply themselves (no font file ships), as
`evaluation/exports.py` does. The pack is drawn line by line on the canvas (no table layout to compute over the
whole document), so 5,000 applications with 7 reviews each stay well within seconds; widths are estimated per
character (a CJK character is one em, other characters half), which is what wrapping needs."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _

FONT = "STSong-Light"


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _em(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2E80 else 1.0


def wrap(text: str, width_em: float) -> list[str]:
    """Lines of at most `width_em` ems: a slice of int(width_em) characters always fits (none is wider than one
    em); it is then extended while half-width characters leave room."""
    lines = []
    whole = max(int(width_em), 1)
    for para in str(text or "").splitlines() or [""]:
        pos, n = 0, len(para)
        if n <= whole:
            lines.append(para)
            continue
        while pos < n:
            end = min(pos + whole, n)
            used = (end - pos) - 0.5 * sum(1 for ch in para[pos:end] if ch < "\u2e80")
            while end < n and used + _em(para[end]) <= width_em:
                used += _em(para[end])
                end += 1
            lines.append(para[pos:end])
            pos = end
    return lines


def _money(value) -> str:
    return "—" if value is None else f"{value:,.2f}"


class _Writer:
    """Lines on A4 pages with a header, breaking pages as it goes."""

    def __init__(self, buf, title: str):
        from reportlab import rl_config
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.pdfgen import canvas

        _font()
        rl_config.useA85 = 0  # binary page streams: ASCII85 in pure Python is the slowest step of a long pack
        self.c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
        self.c.setTitle(title)
        self.width, self.height = A4
        self.margin = 15 * mm
        self.title = title
        self.page = 0
        self.size = 9
        self.text = None
        self._new_page()

    def _new_page(self):
        if self.page:
            self.c.drawText(self.text)
            self.c.showPage()
        self.page += 1
        self.y = self.height - self.margin
        self.c.setFont(FONT, 8)
        self.c.drawString(self.margin, self.margin / 2, f"{self.title} · {self.page}")
        # one text object per page, moved line by line with T* (no coordinates written per line)
        self.text = self.c.beginText(self.margin, self.y - self.size * 1.45)
        self.text.setFont(FONT, self.size, self.size * 1.45)

    def line(self, text: str, *, size: int = 9, indent: float = 0):
        leading = size * 1.45
        prefix = "\u3000" * round(indent / size) if indent else ""
        width_em = (self.width - 2 * self.margin) / size - len(prefix)
        for part in wrap(text, width_em):
            if self.y - 2 * leading < self.margin:
                self._new_page()
            if size != self.size:
                self.size = size
                self.text.setFont(FONT, size, leading)
            self.text.textLine(prefix + part)
            self.y -= leading

    def gap(self, points: float = 4):
        self.text.moveCursor(0, points)
        self.y -= points

    def rule(self):
        if self.y - 30 < self.margin:
            self._new_page()
        self.text.moveCursor(0, 4)
        self.y -= 4
        self.c.setLineWidth(0.3)
        self.c.line(self.margin, self.y - self.size * 0.45, self.width - self.margin, self.y - self.size * 0.45)

    def bytes(self, buf) -> bytes:
        self.c.drawText(self.text)
        self.c.save()
        return buf.getvalue()


def pack_pdf(pack: dict) -> bytes:
    call = pack["call"]
    buf = BytesIO()
    w = _Writer(buf, _("决策材料：%(t)s") % {"t": call.title})
    w.line(_("决策材料：%(t)s") % {"t": call.title}, size=15)
    w.gap()
    prog = pack["programme"]
    w.line(
        _("本批次可安排资金 %(b)s 元；已拟立项/已立项 %(c)s 元；尚可安排 %(r)s 元；申请合计 %(a)s 元")
        % {
            "b": _money(pack["budget"]),
            "c": _money(pack["committed"]),
            "r": _money(pack["call_remaining"]),
            "a": _money(pack["requested"]),
        }
    )
    w.line(
        _("专项预算 %(t)s 元，已立项 %(a)s 元，已拟立项/已立项合计 %(c)s 元，剩余 %(r)s 元")
        % {
            "t": _money(prog["total"]),
            "a": _money(prog["awarded"]),
            "c": _money(prog["committed"]),
            "r": _money(prog["remaining"]),
        }
    )
    for x in prog["lines"]:
        w.line(
            _("%(l)s：预算 %(a)s 元，已安排 %(c)s 元，余额 %(r)s 元")
            % {"l": str(x["line"]), "a": _money(x["amount"]), "c": _money(x["committed"]), "r": _money(x["remaining"])},
            indent=12,
        )
    for n, r in enumerate(pack["rows"], start=1):
        w.rule()
        w.line(f"{n}. {r['number']} {r['title']}", size=11)
        w.line(
            _("申报单位：%(o)s；申请资助 %(a)s 元；项目总投入 %(t)s 元；累计申请 %(c)s 元")
            % {
                "o": r["applicant__name"],
                "a": _money(r["amount"]),
                "t": _money(r["total_budget"]),
                "c": _money(r["cumulative"]),
            }
        )
        if r["budget"]:
            w.line(_("预算：") + "；".join(f"{b['category']} {_money(b['total'])}" for b in r["budget"]))
        w.line(
            _("评审：已提交 %(s)s / %(a)s；平均分 %(m)s；去掉最高最低后 %(t)s；中位数 %(d)s；极差 %(p)s")
            % {
                "s": r["submitted"],
                "a": r["assigned"],
                "m": r["mean"] if r["mean"] is not None else "—",
                "t": r["trimmed"] if r["trimmed"] is not None else "—",
                "d": r["median"] if r["median"] is not None else "—",
                "p": r["spread"] if r["spread"] is not None else "—",
            }
        )
        for x in r["reviews"]:
            flag = _("（异常）") if x["outlier"] else ""
            rec = _("建议立项") if x["recommend"] else _("不建议立项")
            w.line(f"{x['expert']} {x['total']}{flag} {rec}：{x['opinion']}", size=8, indent=12)
        for x in r["recommendations"]:
            verdict = _("推荐") if x["recommended"] else _("不推荐")
            rank = f" #{x['rank']}" if x["rank"] else ""
            w.line(f"{x['organization__name']} {verdict}{rank}：{x['note']}", size=8, indent=12)
        if r["consensus"]["label"]:
            w.line(
                _("专家组意见：%(o)s %(a)s %(n)s")
                % {
                    "o": r["consensus"]["label"],
                    "a": _money(r["consensus"]["amount"]) if r["consensus"]["amount"] else "",
                    "n": r["consensus"]["note"],
                }
            )
        if r["decision"]["label"]:
            w.line(
                _("决策：%(o)s %(a)s")
                % {"o": r["decision"]["label"], "a": _money(r["decision"]["amount"]) if r["decision"]["amount"] else ""}
            )
    return w.bytes(buf)


def award_letter_pdf(award) -> bytes:
    app = award.application
    buf = BytesIO()
    w = _Writer(buf, award.letter_no)
    w.line(_("项目立项通知"), size=16)
    w.line(award.letter_no)
    w.gap(8)
    w.line(f"{app.applicant.name}：", size=11)
    w.line(
        _(
            "你单位申报的“%(t)s”项目（受理编号 %(n)s），经专家评审、立项决策和公示，决定予以立项，资助金额 %(a)s 元，"
            "资金列支科目：%(l)s。请按要求签订项目任务书，规范使用专项资金。"
        )
        % {"t": app.title, "n": app.number, "a": _money(award.amount), "l": str(award.budget_line)},
        size=11,
    )
    w.gap(12)
    w.line(app.call.programme.owner.name, size=11)
    w.line(award.letter_date.strftime("%Y-%m-%d"), size=11)
    return w.bytes(buf)
