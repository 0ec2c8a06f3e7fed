"""The decision as a PDF in Vietnamese: "QUYẾT ĐỊNH về việc hưởng …" with the person, the legal basis, every
calculation step of the stored result, the amounts, the first month and the payment channel.

The calculators write their step labels in English; the common ones are rendered in Vietnamese from STEP_VI (the
English label is kept for any other)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table, TableStyle

from ansinh.benefits.models import ClaimKind, Decision, PaymentChannel
from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table, vnd

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
STEP_VI = {
    "law deciding the benefit": "Luật áp dụng",
    "law deciding the pension": "Luật áp dụng",
    "law deciding the lump sum": "Luật áp dụng",
    "days claimed": "Số ngày đề nghị",
    "working days counted": "Số ngày làm việc được tính",
    "days paid": "Số ngày được hưởng",
    "full years of compulsory SI": "Số năm đóng BHXH bắt buộc (tròn năm)",
    "sickness days per year": "Số ngày nghỉ ốm tối đa trong năm",
    "sickness benefit": "Trợ cấp ốm đau",
    "long-term disease entitlement": "Chế độ bệnh dài ngày",
    "average SI salary of the most recent months": "Bình quân tiền lương đóng BHXH các tháng gần nhất",
    "average UI salary of the most recent months": "Bình quân tiền lương đóng BHTN các tháng gần nhất",
    "months of compulsory SI in the 12 months before": "Số tháng đóng BHXH bắt buộc trong 12 tháng trước",
    "birth leave (months)": "Thời gian nghỉ sinh con (tháng)",
    "father's leave (working days)": "Thời gian nghỉ của lao động nam (ngày làm việc)",
    "lump sum per child × children": "Trợ cấp một lần khi sinh con",
    "maternity benefit": "Trợ cấp thai sản",
    "convalescence benefit": "Trợ cấp dưỡng sức, phục hồi sức khỏe",
    "maximum days": "Số ngày tối đa",
    "benefit per day": "Mức hưởng một ngày",
    "lost working capacity": "Mức suy giảm khả năng lao động",
    "lump sum by lost capacity": "Trợ cấp theo mức suy giảm khả năng lao động",
    "monthly allowance by lost capacity": "Trợ cấp hằng tháng theo mức suy giảm khả năng lao động",
    "seniority part": "Trợ cấp theo số năm đóng",
    "attendance allowance": "Trợ cấp phục vụ",
    "monthly allowance": "Trợ cấp hằng tháng",
    "death grant": "Trợ cấp một lần khi chết do TNLĐ-BNN",
    "funeral grant": "Trợ cấp mai táng",
    "monthly survivor allowance": "Trợ cấp tuất hằng tháng",
    "monthly survivor allowances": "Trợ cấp tuất hằng tháng",
    "lump-sum survivor allowance": "Trợ cấp tuất một lần",
    "lump-sum survivor allowance (pensioner)": "Trợ cấp tuất một lần (người đang hưởng lương hưu)",
    "contribution time": "Thời gian đóng BHXH",
    "statutory retirement age": "Tuổi nghỉ hưu",
    "reduced retirement age (heavy work / difficult area)": "Tuổi nghỉ hưu thấp hơn",
    "minimum years of SI": "Số năm đóng BHXH tối thiểu",
    "replacement rate": "Tỷ lệ hưởng lương hưu",
    "reduction for retiring early": "Giảm tỷ lệ do nghỉ hưu trước tuổi",
    "revaluation coefficients": "Hệ số điều chỉnh tiền lương đã đóng BHXH",
    "average revalued salary": "Bình quân tiền lương đã điều chỉnh",
    "average of state pay": "Bình quân tiền lương theo thang bảng lương Nhà nước",
    "state pay revalued at the reference level": "Tiền lương Nhà nước điều chỉnh theo mức tham chiếu",
    "mixed career average": "Bình quân tiền lương chung các thời kỳ",
    "pension by formula": "Lương hưu theo công thức",
    "raised to the minimum pension": "Nâng bằng mức lương hưu thấp nhất",
    "raised to the minimum": "Nâng bằng mức thấp nhất",
    "lump sum at retirement": "Trợ cấp một lần khi nghỉ hưu",
    "years before 2014 / from 2014": "Số năm đóng trước 2014 / từ 2014",
    "lump sum before deductions": "Trợ cấp trước khi khấu trừ",
    "state support of voluntary SI not paid out": "Khấu trừ tiền Nhà nước hỗ trợ đóng BHXH tự nguyện",
    "one-time lump sum": "Bảo hiểm xã hội một lần",
    "months out of SI before the decision": "Số tháng không tham gia BHXH trước khi giải quyết",
    "monthly benefit": "Mức hưởng hằng tháng",
    "benefit duration (months)": "Thời gian hưởng (tháng)",
    "months of UI not yet used for a benefit": "Số tháng đóng BHTN chưa hưởng",
    "months preserved for a later benefit": "Số tháng được bảo lưu",
    "total": "Tổng cộng",
    "not eligible": "Không đủ điều kiện",
}


def _vi(label: str) -> str:
    return STEP_VI.get(label, label)


BASIS_VI = (
    ("Labour Code", "Bộ luật Lao động"),
    ("Employment Law", "Luật Việc làm"),
    ("OSH Law", "Luật ATVSLĐ"),
    ("Population Law", "Luật Dân số"),
    ("Law ", "Luật "),
    ("Decree ", "Nghị định "),
    ("Circular ", "Thông tư "),
    ("Art ", "Điều "),
    (" and ", " và "),
)


def _basis_vi(text: str) -> str:
    """Legal references in Vietnamese words ("Law 41/2024 Art 66.1" → "Luật 41/2024 Điều 66.1")."""
    for en, vi in BASIS_VI:
        text = text.replace(en, vi)
    return text


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, int):
        return vnd(v)
    return str(v)


def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _month(d: Any) -> str:
    return f"{d.month:02d}/{d.year}" if d else "—"


def decision_pdf(decision: Decision, *, agency: str = "Bảo hiểm xã hội tỉnh") -> bytes:
    s = styles()
    claim = decision.claim
    person = claim.person
    what = BENEFIT_VI.get(claim.kind, claim.kind)
    output = (decision.result or {}).get("output") or {}
    steps = output.get("steps") or []
    params = output.get("params") or []
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
                    f"<b>{_esc(agency.upper())}</b><br/>Số: {_esc(decision.number)}",
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
    for b in bases[:12]:
        flow.append(Paragraph(f"Căn cứ {_esc(_basis_vi(b))};", s["small"]))
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
            lines.append(["Số tiền trợ cấp một lần", f"{vnd(decision.amount)} đồng"])
        if decision.monthly_amount:
            lines.append(["Mức hưởng hằng tháng", f"{vnd(decision.monthly_amount)} đồng/tháng"])
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
        for st in steps:
            rows.append(
                [
                    _esc(_vi(st.get("label", ""))),
                    _esc(st.get("formula", "")),
                    _esc(_basis_vi(st.get("basis", ""))),
                    _esc(_value(st.get("value", ""))),
                ]
            )
        flow.append(table(rows, col_widths=[42 * mm, 62 * mm, 48 * mm, 28 * mm], numeric_from_col=3))
        unverified = [p for p in params if p.get("status") in ("3P", "UNVERIFIED")]
        if unverified:
            flow.append(
                Paragraph(
                    "Ghi chú: tham số chưa được đối chiếu với công báo: "
                    + ", ".join(sorted({_esc(p["table"]) for p in unverified}))
                    + ".",
                    s["small"],
                )
            )
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
                    + _esc(_user(decision.computed_by))
                    + "<br/>Người duyệt: "
                    + _esc(_user(decision.approved_by)),
                    "<b>GIÁM ĐỐC</b><br/>(đã ký)<br/>" + _esc(_user(decision.decided_by)),
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
