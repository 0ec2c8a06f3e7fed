"""The decision as a PDF in Vietnamese: "QUYẾT ĐỊNH về việc hưởng …" with the person, the legal basis, every
calculation step of the stored result, the amounts, the first month and the payment channel.

Steps, legal references and values are worded by benefits.wording (no developer notation); the agency is the
province's office of the person's residence; officers are named with their titles."""

from __future__ import annotations

import re
from typing import Any

from reportlab.platypus import Table, TableStyle

from ansinh.benefits.models import ClaimKind, Decision, PaymentChannel
from ansinh.benefits.wording import explain_steps
from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table
from ansinh.core.presentation import agency_name, legal_basis, money

BENEFIT_VI = {
    ClaimKind.SICKNESS: "chế độ ốm đau",
    ClaimKind.MATERNITY: "chế độ thai sản",
    ClaimKind.CONVALESCENCE: "trợ cấp dưỡng sức, phục hồi sức khỏe",
    ClaimKind.WORK_INJURY: "chế độ tai nạn lao động, bệnh nghề nghiệp",
    ClaimKind.SURVIVOR_FUNERAL: "trợ cấp mai táng",
    ClaimKind.SURVIVOR_MONTHLY: "trợ cấp tuất hằng tháng",
    ClaimKind.SURVIVOR_LUMP_SUM: "trợ cấp tuất một lần",
    ClaimKind.PENSION: "lương hưu hằng tháng",
    ClaimKind.ONE_TIME: "bảo hiểm xã hội một lần",
    ClaimKind.UNEMPLOYMENT: "trợ cấp thất nghiệp",
}
CHANNEL_VI = {
    PaymentChannel.BANK_CARD: "Qua tài khoản thẻ ngân hàng",
    PaymentChannel.CASH_HOME: "Tiền mặt tại nhà (qua bưu điện)",
    PaymentChannel.CASH_POINT: "Tiền mặt tại điểm chi trả (qua bưu điện)",
}
def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _month(d: Any) -> str:
    return f"{d.month:02d}/{d.year}" if d else "—"


def signature_heading(user: Any) -> str:
    """Who signs: the director, or a deputy on the director's behalf (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC)."""
    title = (getattr(user, "job_title", "") or "").strip()
    if title.lower().startswith("phó giám đốc"):
        return "KT. GIÁM ĐỐC<br/>PHÓ GIÁM ĐỐC"
    if not title or title.lower().startswith("giám đốc"):
        return "GIÁM ĐỐC"
    return "TL. GIÁM ĐỐC<br/>" + _esc(title.upper())


def person_line(user: Any) -> str:
    """Full name and title of an officer: "Nguyễn Thị Lan, Chuyên viên phòng Chế độ BHXH"."""
    if user is None:
        return "—"
    name = user.get_full_name() or user.username
    title = (getattr(user, "job_title", "") or "").strip()
    return f"{name}, {title}" if title else name


def decision_pdf(decision: Decision, *, agency: str | None = None) -> bytes:
    s = styles()
    claim = decision.claim
    person = claim.person
    agency = agency or agency_name(person.address_commune)
    what = BENEFIT_VI.get(claim.kind, claim.kind)
    output = (decision.result or {}).get("output") or {}
    steps = output.get("steps") or []
    bases = []
    for st in steps:
        b = (st.get("basis") or "").strip()
        if b and b not in bases:
            bases.append(b)
    granted = decision.outcome == Decision.Outcome.GRANT
    d = decision.decided_on
    flow: list[Any] = [
        _plain(
            [
                [
                    f"BẢO HIỂM XÃ HỘI VIỆT NAM<br/><b>{_esc(agency.upper())}</b><br/>Số: {_esc(decision.number)}",
                    "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br/>Độc lập - Tự do - Hạnh phúc",
                ]
            ],
            [80 * mm, 100 * mm],
            center=True,
        ),
        Spacer(1, 2 * mm),
        Paragraph(f"<i>ngày {d.day:02d} tháng {d.month:02d} năm {d.year}</i>", s["right"]),
        Spacer(1, 4 * mm),
        Paragraph("QUYẾT ĐỊNH", s["title"]),
        Paragraph(f"Về việc {'hưởng' if granted else 'không giải quyết hưởng'} {what}", s["subtitle"]),
    ]
    if decision.version > 1:
        prev = decision.previous.number if decision.previous_id else ""
        flow.append(
            Paragraph(
                f"(Điều chỉnh lần {decision.version - 1}, thay thế Quyết định số {_esc(prev)}; "
                f"lý do: {_esc(decision.reason)})",
                s["subtitle"],
            )
        )
    flow += [
        Spacer(1, 4 * mm),
        Paragraph(f"GIÁM ĐỐC {agency.upper()}", s["bold"]),
        Paragraph("Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29/6/2024;", s["body"]),
    ]
    cited: list[str] = []
    for b in bases:
        for ref in legal_basis(b, "vi").split("; "):
            ref = re.sub(r"^(Khoản|Điểm) ", lambda m: m.group(1).lower() + " ", ref)
            if ref and ref not in cited and ref != "Luật BHXH 2024":
                cited.append(ref)
    for ref in cited[:12]:
        flow.append(Paragraph(f"Căn cứ {_esc(ref)};", s["small"]))
    flow.append(
        Paragraph(
            f"Căn cứ hồ sơ đề nghị nhận ngày {claim.received_on:%d/%m/%Y} "
            f"(hình thức: {_esc(claim.get_channel_display())}).",
            s["body"],
        )
    )
    flow += [Spacer(1, 3 * mm), Paragraph("QUYẾT ĐỊNH:", s["bold"])]
    ident = person.citizen_id or "—"
    flow.append(
        Paragraph(
            f"<b>Điều 1.</b> Ông/Bà <b>{_esc(person.full_name)}</b>, sinh ngày {_esc(person.birth_display)}, "
            f"số định danh cá nhân {ident}, mã số BHXH {person.si_code or '—'}, cư trú tại "
            f"{_esc(person.address_line + ', ' if person.address_line else '')}{_esc(person.address_commune.name)}"
            + (f"; người đề nghị: {_esc(claim.claimant_name)}" if claim.claimant_name else "")
            + ".",
            s["body"],
        )
    )
    if granted:
        lines = []
        if decision.amount:
            lines.append(["Số tiền trợ cấp một lần", money(decision.amount, "vi", words=True)])
        if decision.monthly_amount:
            lines.append(["Mức hưởng hằng tháng", money(decision.monthly_amount, "vi", words=True) + "/tháng"])
            lines.append(
                [
                    "Thời điểm hưởng",
                    f"từ tháng {_month(decision.start_month)}"
                    + (f" đến tháng {_month(decision.end_month)}" if decision.end_month else ""),
                ]
            )
        channel = CHANNEL_VI.get(decision.payment_channel, decision.payment_channel or "—")
        if decision.payment_channel == PaymentChannel.BANK_CARD and decision.bank_account:
            channel += f": tài khoản {decision.bank_account} {decision.bank_name}".rstrip()
        elif decision.payment_point:
            channel += f": {decision.payment_point}"
        lines.append(["Hình thức nhận", channel])
        flow += [
            Paragraph(f"được hưởng {what} như sau:", s["body"]),
            Spacer(1, 2 * mm),
            _plain([[_esc(a), f"<b>{_esc(b)}</b>"] for a, b in lines], [60 * mm, 120 * mm], grid=True),
        ]
    else:
        flow.append(
            Paragraph(
                f"không được giải quyết hưởng {what}. Lý do: <b>{_esc(decision.reason)}</b>.", s["body"]
            )
        )
    if steps:
        flow += [Spacer(1, 3 * mm), Paragraph("<b>Điều 2.</b> Cách tính:", s["body"]), Spacer(1, 1 * mm)]
        rows = [["Bước", "Cách tính", "Căn cứ", "Kết quả"]]
        for st in explain_steps(steps, "vi"):
            rows.append([_esc(st["label"]), _esc(st["formula"]), _esc(st["basis"]), _esc(st["value"])])
        flow.append(table(rows, col_widths=[42 * mm, 58 * mm, 48 * mm, 32 * mm], numeric_from_col=3))
    n = 3 if steps else 2
    flow += [
        Spacer(1, 3 * mm),
        Paragraph(
            f"<b>Điều {n}.</b> Trưởng phòng Chế độ BHXH, Trưởng phòng Kế hoạch - Tài chính và Ông/Bà có "
            "tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này. Trường hợp không đồng ý, người "
            "hưởng có quyền khiếu nại theo quy định của pháp luật.",
            s["body"],
        ),
        Spacer(1, 8 * mm),
        _plain(
            [
                [
                    "Người lập: "
                    + _esc(person_line(decision.computed_by))
                    + "<br/>Người duyệt: "
                    + _esc(person_line(decision.approved_by)),
                    f"<b>{signature_heading(decision.decided_by)}</b><br/>(đã ký)<br/><br/><b>"
                    + _esc(_user(decision.decided_by))
                    + "</b>",
                ]
            ],
            [90 * mm, 90 * mm],
            center=True,
        ),
    ]
    return build(flow, title=f"Quyết định {decision.number}")


def _plain(rows: list[list[str]], widths: list[float], *, grid: bool = False, center: bool = False) -> Table:
    """A layout table of paragraphs (header block, signatures, the amounts)."""
    s = styles()
    style = s["subtitle"] if center else s["body"]
    t = Table([[Paragraph(c, style) for c in row] for row in rows], colWidths=widths)
    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        from reportlab.lib import colors

        commands.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
    t.setStyle(TableStyle(commands))
    return t


def _user(u: Any) -> str:
    if u is None:
        return "—"
    return u.get_full_name() or u.username
