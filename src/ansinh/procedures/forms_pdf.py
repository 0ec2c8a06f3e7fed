"""The one-stop desk's standard forms as PDF in Vietnamese (Decree 118/2025 one-stop rules, forms as used by
Hà Tĩnh 3005/QĐ-UBND — V-SEC; layouts simplified): 01 receipt with appointment date, 02 request to complete the
dossier, 03 refusal to receive, 04 apology with a new return date, 05 processing control slip."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils import timezone

from ansinh.core.pdf import Paragraph, Spacer, build, styles, table
from ansinh.procedures.models import Apology, Dossier
from ansinh.procedures.services.dossiers import procedure_of

TITLES = {
    "receipt": ("Mẫu số 01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    "supplement": ("Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    "refusal": ("Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    "apology": ("Mẫu số 04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    "control": ("Mẫu số 05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
}
CHANNEL_VI = {"desk": "trực tiếp tại bộ phận một cửa", "post": "qua dịch vụ bưu chính công ích",
              "online": "trực tuyến"}
DEPT_VI = {"collection": "Quản lý thu – Sổ, thẻ", "benefits": "Chế độ BHXH", "health": "Giám định BHYT"}
ACTION_VI = {"receive": "Tiếp nhận", "complete": "Bổ sung đủ hồ sơ", "request_supplement": "Yêu cầu bổ sung",
             "hand_over": "Chuyển giao", "decide": "Giải quyết xong", "apologise": "Xin lỗi, hẹn lại",
             "return": "Trả kết quả", "withdraw": "Rút hồ sơ"}


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, styles()[style])


def _head(dossier: Dossier, kind: str) -> list[Any]:
    number, title = TITLES[kind]
    return [
        _p(f"BẢO HIỂM XÃ HỘI — {escape(dossier.office.name.upper())}", "bold"),
        _p(number, "right"),
        Spacer(1, 6),
        _p(title, "title"),
        _p(f"Mã hồ sơ: <b>{escape(dossier.code)}</b> — Mã tra cứu: <b>{escape(dossier.lookup_key)}</b>", "subtitle"),
        Spacer(1, 10),
    ]


def _who(dossier: Dossier) -> list[Any]:
    proc = procedure_of(dossier)
    received = timezone.localtime(dossier.received_at)
    lines = [
        f"Tiếp nhận hồ sơ của: <b>{escape(dossier.applicant_name)}</b>",
        f"Địa chỉ: {escape(dossier.applicant_address or '')}  Điện thoại: {escape(dossier.applicant_phone)}  "
        f"Email: {escape(dossier.applicant_email)}",
        f"Nội dung yêu cầu giải quyết: <b>{escape(proc.name_vi)}</b>",
        f"Hình thức nộp: {CHANNEL_VI.get(dossier.channel, dossier.channel)}"
        + (f" (số biên nhận bưu chính {escape(dossier.postal_receipt)}, ngày {dossier.postal_date:%d/%m/%Y})"
           if dossier.postal_receipt and dossier.postal_date else ""),
        f"Thời điểm tiếp nhận: {received:%H giờ %M phút, ngày %d/%m/%Y}",
    ]
    return [_p(t) for t in lines] + [Spacer(1, 6)]


def _documents(dossier: Dossier, codes: list[str], heading: str) -> list[Any]:
    proc = procedure_of(dossier)
    rows: list[list[Any]] = [["TT", "Tên giấy tờ", "Bắt buộc"]]
    for i, d in enumerate([d for d in proc.documents if d.code in codes], start=1):
        rows.append([str(i), escape(d.name_vi), "Có" if d.required else "Không"])
    if len(rows) == 1:
        rows.append(["", "—", ""])
    return [_p(heading, "bold"), table(rows, col_widths=[12 * 2.83, 130 * 2.83, 25 * 2.83], numeric_from_col=3),
            Spacer(1, 8)]


def _sign(role: str) -> list[Any]:
    today = timezone.localdate()
    return [Spacer(1, 10), _p(f"Ngày {today:%d} tháng {today:%m} năm {today:%Y}", "right"),
            _p(f"<b>{role}</b><br/>(Ký và ghi rõ họ tên)", "right")]


def receipt_pdf(dossier: Dossier) -> bytes:
    """Mẫu 01, or 02 / 03 for an incomplete or refused dossier."""
    proc = procedure_of(dossier)
    if dossier.status == "refused":
        kind = "refusal"
    elif dossier.due_on is None:
        kind = "supplement"
    else:
        kind = "receipt"
    flow = _head(dossier, kind) + _who(dossier)
    if kind == "receipt":
        flow += _documents(dossier, dossier.documents, "Thành phần hồ sơ đã nhận:")
        flow += [
            _p(f"Thời hạn giải quyết: {escape(dossier.due_basis)}"),
            _p(f"<b>Thời gian trả kết quả: ngày {dossier.due_on:%d/%m/%Y}</b>"),
            _p("Giấy này cùng giấy tờ tùy thân có giá trị để khám chữa bệnh BHYT trong thời gian cấp, đổi thẻ BHYT "
               "(Quyết định 2555/QĐ-BYT)." if proc.code.startswith("hi-card") else ""),
            _p(f"Tra cứu tình trạng hồ sơ bằng mã hồ sơ {escape(dossier.code)} và mã tra cứu "
               f"{escape(dossier.lookup_key)}."),
        ]
    elif kind == "supplement":
        flow += _documents(dossier, dossier.documents, "Thành phần hồ sơ đã nhận:")
        flow += _documents(dossier, dossier.missing, "Hồ sơ cần bổ sung, hoàn thiện:")
        flow += [_p("Thời hạn giải quyết được tính từ ngày nhận đủ hồ sơ.")]
    else:
        flow += [_p(f"Lý do từ chối: {escape(dossier.refusal_reason)}")]
    return build(flow + _sign("NGƯỜI TIẾP NHẬN"), title=TITLES[kind][1])


def apology_pdf(apology: Apology) -> bytes:
    dossier = apology.dossier
    flow = _head(dossier, "apology") + _who(dossier) + [
        _p(f"Hồ sơ được hẹn trả kết quả ngày {apology.previous_due_on:%d/%m/%Y}. Do <b>{escape(apology.reason)}</b>, "
           f"cơ quan BHXH chưa trả kết quả đúng hạn."),
        _p("Cơ quan BHXH xin lỗi ông/bà vì sự chậm trễ này và hẹn lại ngày trả kết quả: "
           f"<b>ngày {apology.new_due_on:%d/%m/%Y}</b>."),
    ]
    return build(flow + _sign("THỦ TRƯỞNG CƠ QUAN"), title=TITLES["apology"][1])


def control_pdf(dossier: Dossier) -> bytes:
    rows: list[list[Any]] = [["Thời điểm", "Bước", "Người thực hiện", "Bộ phận nhận", "Ghi chú"]]
    for s in dossier.steps.all():
        rows.append([f"{timezone.localtime(s.at):%d/%m/%Y %H:%M}", ACTION_VI.get(s.action, s.action),
                     escape(s.actor_name), DEPT_VI.get(s.to_department, ""), escape(s.note)])
    flow = _head(dossier, "control") + _who(dossier) + [
        _p(f"Hạn giải quyết: {dossier.due_on:%d/%m/%Y}" if dossier.due_on else "Hạn giải quyết: chưa đủ hồ sơ"),
        Spacer(1, 6), table(rows, numeric_from_col=5)]
    return build(flow, title=TITLES["control"][1])
