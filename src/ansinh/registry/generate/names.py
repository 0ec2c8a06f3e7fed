"""Name lists of the demo generator, as data: Vietnamese family, middle and given names, village and street names,
words for employer names. Weights are relative; assumptions and sources are in docs/generator.md.

A name list is a tuple of (name, weight) pairs; `people.py` turns it into an index table and samples with numpy.
"""

from __future__ import annotations

Weighted = tuple[tuple[str, float], ...]

# --- family names ---------------------------------------------------------------------------------------------
# Kinh, northern spelling (Hoàng/Vũ rather than Huỳnh/Võ); shares rounded from published frequency counts
# (Nguyễn ~38 %, Trần ~11 %, Lê ~9.5 %, Phạm ~7 % ...).
FAMILY_KINH: Weighted = (
    ("Nguyễn", 36.0), ("Trần", 10.5), ("Lê", 9.0), ("Phạm", 6.8), ("Hoàng", 5.0), ("Vũ", 3.8), ("Phan", 2.5),
    ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.6), ("Ngô", 1.3), ("Dương", 1.1), ("Đinh", 1.0), ("Lý", 0.6),
    ("Đào", 1.0), ("Lương", 0.7), ("Mai", 0.6), ("Trịnh", 0.8), ("Hà", 0.7), ("Tạ", 0.4), ("Cao", 0.5),
    ("Chu", 0.4), ("Lâm", 0.3), ("Tô", 0.3), ("Nông", 0.2), ("Hồ", 0.9), ("Đoàn", 0.6), ("Vương", 0.3),
    ("Triệu", 0.3), ("Kiều", 0.2), ("Lục", 0.1), ("Phùng", 0.4), ("Tăng", 0.1), ("Khúc", 0.1), ("Lã", 0.1),
    ("Mạc", 0.1), ("Quách", 0.1), ("Thân", 0.2), ("Văn", 0.1), ("Nghiêm", 0.1),
)
# Tày and Nùng: the Lạng Sơn lineages (Hoàng, Nông, Lương, Lăng, Vi, Hà, Chu, Lộc, Mông, Triệu, Đàm ...).
FAMILY_TAY_NUNG: Weighted = (
    ("Hoàng", 16.0), ("Nông", 9.0), ("Lương", 6.0), ("Lăng", 4.0), ("Vi", 5.0), ("Hà", 4.5), ("Chu", 3.5),
    ("Lộc", 3.5), ("Mông", 2.0), ("Triệu", 3.5), ("Đàm", 2.5), ("Lý", 3.0), ("Nguyễn", 6.0), ("Hứa", 2.0),
    ("Vy", 2.0), ("Lục", 1.5), ("Bế", 1.5), ("Dương", 2.0), ("Ma", 0.8), ("Tô", 1.0), ("Mã", 1.0),
    ("Lâm", 1.5), ("La", 0.8), ("Lành", 0.6), ("Hầu", 0.5), ("Đinh", 1.0), ("Phùng", 0.8),
    ("Vương", 0.6), ("Nịnh", 0.5), ("Lô", 0.4), ("Mạc", 0.6), ("Thẩm", 0.5), ("Lưu", 0.8),
    ("Trần", 1.5), ("Lê", 1.0), ("Bùi", 0.5), ("Sầm", 0.3), ("Tạ", 0.3),
)
FAMILY_DAO: Weighted = (
    ("Triệu", 30.0), ("Bàn", 20.0), ("Đặng", 15.0), ("Lý", 12.0), ("Phùng", 6.0), ("Chìu", 3.0), ("Tằng", 2.0),
    ("Dương", 3.0), ("Hoàng", 4.0), ("Nịnh", 2.0), ("Chu", 2.0),
)
FAMILY_HOA: Weighted = (
    ("Lý", 12.0), ("Trương", 10.0), ("Lưu", 8.0), ("Hoàng", 8.0), ("Trần", 8.0), ("Tăng", 5.0), ("Diệp", 5.0),
    ("Lâm", 8.0), ("Quan", 4.0), ("Hà", 4.0), ("Mạc", 3.0), ("Thái", 3.0), ("Vương", 4.0), ("Châu", 4.0),
)
FAMILY_SAN_CHAY: Weighted = (
    ("Hoàng", 20.0), ("Lâm", 12.0), ("Diệp", 10.0), ("Tô", 8.0), ("Trương", 8.0), ("Lương", 8.0), ("Dương", 6.0),
    ("Lý", 6.0), ("Trần", 5.0), ("Nịnh", 4.0),
)
FAMILY_HMONG: Weighted = (
    ("Thào", 14.0), ("Giàng", 14.0), ("Vàng", 12.0), ("Lý", 10.0), ("Sùng", 10.0), ("Mùa", 8.0), ("Hầu", 6.0),
    ("Lầu", 6.0), ("Hạng", 5.0), ("Vừ", 5.0), ("Má", 3.0), ("Chảo", 3.0),
)
FAMILY_THAI: Weighted = (
    ("Lò", 15.0), ("Cầm", 10.0), ("Quàng", 8.0), ("Lường", 8.0), ("Vi", 6.0), ("Lê", 6.0), ("Hà", 8.0),
    ("Điêu", 4.0), ("Tòng", 4.0), ("Bạc", 4.0), ("Lữ", 4.0), ("Lục", 3.0), ("Kha", 3.0), ("Sa", 3.0),
)
FAMILY_MUONG: Weighted = (
    ("Bùi", 30.0), ("Đinh", 20.0), ("Quách", 10.0), ("Hà", 10.0), ("Xa", 5.0), ("Phạm", 8.0), ("Nguyễn", 8.0),
    ("Trương", 4.0), ("Cao", 3.0),
)
FAMILY_KHMER: Weighted = (
    ("Thạch", 25.0), ("Sơn", 18.0), ("Kim", 12.0), ("Danh", 12.0), ("Lâm", 8.0), ("Châu", 6.0), ("Huỳnh", 6.0),
    ("Trần", 5.0), ("Lý", 5.0), ("Chau", 3.0),
)

# --- middle names by sex and cohort (born before 1990 / from 1990) --------------------------------------------
MIDDLE_MALE_OLD: Weighted = (
    ("Văn", 55.0), ("Đức", 7.0), ("Hữu", 5.0), ("Đình", 5.0), ("Quang", 5.0), ("Xuân", 4.0), ("Minh", 5.0),
    ("Công", 4.0), ("Ngọc", 3.0), ("Thanh", 3.0), ("Mạnh", 2.0), ("Trọng", 2.0), ("Thế", 2.0), ("Bá", 1.0),
    ("Tiến", 1.5), ("Quốc", 1.5), ("Kim", 1.0),
)
MIDDLE_MALE_NEW: Weighted = (
    ("Văn", 25.0), ("Minh", 12.0), ("Đức", 10.0), ("Quang", 6.0), ("Gia", 6.0), ("Hoàng", 5.0), ("Tuấn", 4.0),
    ("Anh", 4.0), ("Bảo", 4.0), ("Đăng", 3.0), ("Duy", 4.0), ("Hải", 3.0), ("Trung", 3.0), ("Thành", 3.0),
    ("Nhật", 3.0), ("Khánh", 3.0), ("Tiến", 2.0), ("Quốc", 2.0), ("Hữu", 2.0), ("Thanh", 2.0),
)
MIDDLE_FEMALE_OLD: Weighted = (
    ("Thị", 75.0), ("Ngọc", 5.0), ("Thu", 4.0), ("Thanh", 4.0), ("Minh", 2.0), ("Hồng", 3.0), ("Kim", 3.0),
    ("Bích", 2.0), ("Lệ", 2.0), ("Phương", 1.5), ("Thúy", 1.5),
)
MIDDLE_FEMALE_NEW: Weighted = (
    ("Thị", 30.0), ("Ngọc", 10.0), ("Thu", 6.0), ("Thanh", 5.0), ("Minh", 6.0), ("Phương", 5.0), ("Khánh", 6.0),
    ("Bảo", 6.0), ("Hà", 4.0), ("Thùy", 5.0), ("Mai", 4.0), ("Hoài", 3.0), ("Kiều", 3.0), ("Diệu", 3.0),
    ("Hải", 3.0), ("Quỳnh", 3.0), ("Tuệ", 2.0), ("Yến", 2.0),
)
# Ethnic-minority cohorts use Văn/Thị more: the generator shifts this much weight to Văn/Thị.
MINORITY_VAN_THI_BOOST = 2.5
MIDDLE_HMONG_MALE: Weighted = (("A", 35.0), ("Seo", 25.0), ("Văn", 30.0), ("Mí", 10.0))
MIDDLE_HMONG_FEMALE: Weighted = (("Thị", 80.0), ("Mỷ", 10.0), ("Seo", 10.0))

# --- given names ------------------------------------------------------------------------------------------------
GIVEN_MALE_OLD: Weighted = (
    ("Hùng", 5.0), ("Dũng", 5.0), ("Thắng", 4.0), ("Minh", 4.0), ("Hải", 4.0), ("Tuấn", 4.0), ("Sơn", 4.0),
    ("Thành", 4.0), ("Cường", 3.5), ("Bình", 3.5), ("Long", 3.0), ("Hưng", 3.0), ("Quang", 3.0), ("Trung", 3.0),
    ("Thanh", 3.0), ("Nam", 3.0), ("Hòa", 3.0), ("Tiến", 2.5), ("Phong", 2.0), ("Chiến", 2.5), ("Lợi", 2.0),
    ("Toàn", 2.0), ("Vinh", 2.0), ("Tâm", 2.0), ("Hiếu", 2.0), ("Đức", 2.0), ("Tùng", 2.0), ("Mạnh", 2.0),
    ("Thịnh", 1.5), ("Nghĩa", 1.5), ("Định", 1.5), ("Lực", 1.5), ("Hậu", 1.5), ("Quý", 1.5), ("Lâm", 1.5),
    ("Thái", 1.5), ("Trường", 1.5), ("Phúc", 1.5), ("Sinh", 1.5), ("Tài", 1.5), ("Kiên", 1.5), ("Công", 1.0),
    ("Lương", 1.0), ("Vượng", 1.0), ("Thuận", 1.0), ("Khải", 1.0), ("Mười", 0.8), ("Pháo", 0.5), ("Chung", 1.0),
    ("Hiệp", 1.0), ("Cương", 1.0), ("Quyết", 1.0), ("Khanh", 1.0), ("Tuyên", 1.0), ("Thọ", 1.0), ("Đông", 1.0),
)
GIVEN_MALE_NEW: Weighted = (
    ("Anh", 5.0), ("Minh", 5.0), ("Huy", 5.0), ("Đức", 4.0), ("Nam", 4.0), ("Quân", 4.0), ("Khánh", 3.5),
    ("Long", 3.5), ("Hiếu", 3.0), ("Tuấn", 3.0), ("Phúc", 3.0), ("Bảo", 3.0), ("Khoa", 3.0), ("Duy", 3.0),
    ("Việt", 2.5), ("Dũng", 2.5), ("Hoàng", 2.5), ("Kiên", 2.5), ("Lâm", 2.5), ("Phong", 2.5), ("Trung", 2.0),
    ("Tùng", 2.0), ("Thắng", 2.0), ("Đạt", 3.0), ("Hải", 2.0), ("Sơn", 2.0), ("Thành", 2.0), ("Vinh", 1.5),
    ("An", 2.5), ("Khang", 2.5), ("Nhật", 2.0), ("Thịnh", 1.5), ("Tài", 1.5), ("Hưng", 1.5), ("Toàn", 1.5),
    ("Tú", 1.5), ("Quang", 1.5), ("Nguyên", 1.5), ("Vũ", 1.5), ("Lộc", 1.5), ("Phát", 1.5), ("Kiệt", 1.5),
)
GIVEN_FEMALE_OLD: Weighted = (
    ("Hương", 5.0), ("Lan", 4.5), ("Hoa", 4.0), ("Hà", 4.0), ("Hằng", 4.0), ("Thủy", 4.0), ("Nga", 3.5),
    ("Hạnh", 3.5), ("Mai", 3.5), ("Phương", 3.0), ("Liên", 3.0), ("Thu", 3.0), ("Loan", 2.5), ("Huệ", 2.5),
    ("Dung", 3.0), ("Hiền", 3.0), ("Yến", 2.5), ("Tuyết", 2.0), ("Nhung", 2.5), ("Vân", 2.5), ("Hồng", 3.0),
    ("Oanh", 2.0), ("Thoa", 2.0), ("Thơm", 1.5), ("Cúc", 1.5), ("Lụa", 1.0), ("Nguyệt", 1.5), ("Thanh", 2.0),
    ("Thúy", 2.0), ("Xuân", 2.0), ("Bích", 1.5), ("Duyên", 1.5), ("Lệ", 1.5), ("Nhàn", 1.5), ("Phượng", 1.5),
    ("Sen", 1.0), ("Đào", 1.0), ("Hậu", 1.0), ("Vui", 1.0), ("Chanh", 0.5), ("Mơ", 0.8), ("Ngần", 0.8),
    ("Tươi", 1.0), ("Gấm", 0.8), ("Hoan", 0.8), ("Minh", 1.0), ("Ngọc", 1.5), ("Quyên", 1.0), ("Trang", 2.0),
)
GIVEN_FEMALE_NEW: Weighted = (
    ("Linh", 5.0), ("Anh", 5.0), ("Trang", 4.5), ("Ngọc", 4.0), ("Huyền", 3.5), ("Thảo", 3.5), ("Vy", 3.5),
    ("Hà", 3.0), ("Nhi", 3.5), ("Phương", 3.0), ("Quỳnh", 3.0), ("My", 3.0), ("Ngân", 3.0), ("Hân", 3.0),
    ("Chi", 3.0), ("Giang", 2.5), ("Mai", 2.5), ("Uyên", 2.5), ("Yến", 2.0), ("Hương", 2.0), ("Thu", 2.0),
    ("Hằng", 2.0), ("Nhung", 1.5), ("Hiền", 2.0), ("Lan", 1.5), ("Diệp", 1.5), ("Trâm", 2.0), ("An", 2.5),
    ("Thư", 2.5), ("Châu", 1.5), ("Nga", 1.0), ("Dung", 1.0), ("Duyên", 1.5), ("Ánh", 2.0), ("Hoa", 1.5),
    ("Khuê", 1.0), ("Tâm", 1.5), ("Vân", 1.5), ("Thủy", 1.5), ("Tuyết", 1.0), ("Loan", 1.0), ("Lam", 1.0),
)
GIVEN_HMONG_MALE: Weighted = (
    ("Páo", 8.0), ("Chứ", 6.0), ("Dính", 6.0), ("Sình", 5.0), ("Lử", 4.0), ("Sua", 4.0), ("Dợ", 4.0),
    ("Chá", 4.0), ("Tủa", 3.0), ("Pó", 3.0), ("Vàng", 2.0), ("Sử", 3.0),
)
GIVEN_HMONG_FEMALE: Weighted = (
    ("Mỷ", 8.0), ("Dua", 5.0), ("Sú", 5.0), ("Pà", 5.0), ("Chứ", 4.0), ("Dợ", 4.0), ("Say", 4.0), ("Mai", 3.0),
    ("Xúa", 3.0), ("Ly", 3.0),
)

# --- which family-name list an ethnic group uses (codes of registry.codes.ETHNICITIES) ---------------------------
FAMILY_BY_ETHNICITY: dict[str, Weighted] = {
    "01": FAMILY_KINH, "02": FAMILY_TAY_NUNG, "07": FAMILY_TAY_NUNG, "09": FAMILY_DAO, "04": FAMILY_HOA,
    "15": FAMILY_SAN_CHAY, "18": FAMILY_SAN_CHAY, "08": FAMILY_HMONG, "03": FAMILY_THAI, "06": FAMILY_MUONG,
    "05": FAMILY_KHMER,
}
HMONG = "08"

# --- addresses ------------------------------------------------------------------------------------------------
# Tày/Nùng village names are two syllables: a landform word + a second word (Nà Pàn, Khuổi Phầy, Pác Luống ...).
VILLAGE_FIRST = ("Nà", "Khuổi", "Pác", "Bó", "Phai", "Còn", "Kéo", "Lũng", "Pò", "Khòn", "Nặm", "Bản", "Khau", "Nà")
VILLAGE_SECOND = (
    "Pàn", "Lầy", "Mạ", "Riềng", "Nưa", "Tẩu", "Sliến", "Rọ", "Cáy", "Thâm", "Phầy", "Luống", "Mò", "Đon",
    "Chang", "Khoang", "Pheo", "Mười", "Slam", "Ngần", "Lải", "Quang", "Tềnh", "Sla", "Cải", "Hin", "Làng",
)
STREETS_LANG_SON = (
    "Lê Lợi", "Trần Đăng Ninh", "Bà Triệu", "Lê Lai", "Nhị Thanh", "Tam Thanh", "Phai Vệ", "Hùng Vương",
    "Ngô Quyền", "Trần Hưng Đạo", "Lý Thái Tổ", "Chi Lăng", "Bắc Sơn", "Tông Đản", "Lương Văn Tri",
    "Ngô Gia Tự", "Văn Vỉ", "Đinh Tiên Hoàng", "Minh Khai", "Hoàng Văn Thụ", "Mỹ Sơn", "Đèo Giang",
    "Lê Đại Hành", "Quang Trung", "Nguyễn Du", "Thân Thừa Quý", "Bến Bắc", "Tô Thị", "Kỳ Lừa", "Đông Kinh",
)
STREETS_GENERIC = (
    "Lê Lợi", "Trần Hưng Đạo", "Quang Trung", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Hùng Vương",
    "Nguyễn Du", "Ngô Quyền", "Lê Duẩn", "Trần Phú", "Điện Biên Phủ", "Nguyễn Huệ", "Phan Đình Phùng",
    "Lê Hồng Phong", "Hoàng Văn Thụ", "Bà Triệu", "Võ Thị Sáu", "Nguyễn Văn Cừ", "Lạc Long Quân",
)

# --- employers --------------------------------------------------------------------------------------------------
BRANDS_LANG_SON = (
    "Xứ Lạng", "Kỳ Lừa", "Mẫu Sơn", "Đồng Đăng", "Tân Thanh", "Hữu Nghị", "Chi Lăng", "Bắc Sơn", "Tam Thanh",
    "Nhị Thanh", "Đông Kinh", "Lộc Bình", "Na Dương", "Hữu Lũng", "Văn Lãng", "Bình Gia", "Tràng Định",
)
BRANDS_GENERIC = (
    "Hoàng Long", "Phú Thịnh", "Minh Phát", "Thành Đạt", "Đông Bắc", "Hưng Thịnh", "An Phát", "Việt Trung",
    "Hoàng Gia", "Phúc Lộc", "Trường Sơn", "Bình Minh", "Nam Phong", "Quốc Tuấn", "Hòa Bình", "Tiến Thành",
    "Thiên Phú", "Hải Đăng", "Tân Phát", "Đại Dương", "Kim Long", "Thái Sơn", "Hồng Hà", "Vạn Xuân", "Sao Mai",
    "Phương Đông", "Tuấn Hưng", "Hùng Cường", "Việt Anh", "Minh Khang", "Gia Bảo", "Lộc Phát", "Thịnh Vượng",
    "An Khang", "Hoàng Anh", "Đức Minh", "Thanh Bình", "Nhật Quang", "Bảo Châu", "Ngọc Sơn", "Trung Kiên",
)
# VSIC 2018 section -> words of the trade in a company name, and the business-type codes (section + division)
ACTIVITY_BY_SECTOR: dict[str, tuple[str, ...]] = {
    "A": ("Nông Lâm nghiệp", "Trồng rừng và Lâm sản", "Nông nghiệp Công nghệ cao", "Chăn nuôi"),
    "B": ("Khai thác Khoáng sản", "Khai thác Đá"),
    "C": ("Chế biến Lâm sản", "May mặc", "Vật liệu Xây dựng", "Chế biến Nông sản", "Gạch Tuynel", "Cơ khí",
          "Chế biến Gỗ", "Thực phẩm"),
    "D": ("Điện lực", "Thủy điện"),
    "E": ("Môi trường Đô thị", "Cấp thoát nước"),
    "F": ("Xây dựng", "Đầu tư và Xây dựng", "Tư vấn và Xây dựng", "Xây lắp", "Xây dựng Giao thông"),
    "G": ("Thương mại", "Thương mại và Dịch vụ", "Xuất nhập khẩu", "Thương mại Tổng hợp", "Kinh doanh Vật tư"),
    "H": ("Vận tải", "Logistics", "Vận tải và Thương mại", "Dịch vụ Kho vận"),
    "I": ("Du lịch và Khách sạn", "Dịch vụ Ăn uống", "Du lịch"),
    "J": ("Công nghệ Thông tin", "Truyền thông"),
    "K": ("Tài chính", "Bảo hiểm"),
    "L": ("Bất động sản", "Đầu tư Bất động sản"),
    "M": ("Tư vấn Thiết kế", "Kiểm toán và Tư vấn", "Khảo sát Đo đạc"),
    "N": ("Dịch vụ Bảo vệ", "Dịch vụ Vệ sinh", "Cung ứng Nhân lực"),
    "P": ("Giáo dục", "Đào tạo Nghề"),
    "Q": ("Y tế", "Dược phẩm"),
    "R": ("Văn hóa Thể thao", "Giải trí"),
    "S": ("Dịch vụ", "Sửa chữa"),
}
DIVISIONS_BY_SECTOR: dict[str, tuple[str, ...]] = {
    "A": ("01", "02", "03"), "B": ("08",), "C": ("10", "14", "16", "23", "25", "31"), "D": ("35",),
    "E": ("36", "38"), "F": ("41", "42", "43"), "G": ("45", "46", "47"), "H": ("49", "52"), "I": ("55", "56"),
    "J": ("61", "62"), "K": ("64", "65"), "L": ("68",), "M": ("69", "71"), "N": ("80", "81", "78"),
    "O": ("84",), "P": ("85",), "Q": ("86",), "R": ("90", "93"), "S": ("94", "95", "96"), "U": ("99",),
}
PRIVATE_FORMS: Weighted = (
    ("Công ty TNHH", 40.0), ("Công ty TNHH MTV", 15.0), ("Công ty Cổ phần", 32.0), ("Doanh nghiệp tư nhân", 13.0),
)
FOREIGN_BRANDS = (
    "Đông Á", "Sunrise", "Kim Thành", "Hồng Phúc", "Pacific", "Asia Star", "Jin Long", "Hua Xia", "Daewon",
    "Sông Hồng", "Tianli", "Hanwoo", "Golden Tree", "Fuxing", "Evergreen",
)
FOREIGN_ACTIVITIES = ("May mặc", "Điện tử", "Chế biến Gỗ", "Giày da", "Linh kiện", "Bao bì", "Thương mại")
HOUSEHOLD_BUSINESS = ("Hộ kinh doanh", "Cửa hàng", "Xưởng")
HOUSEHOLD_TRADES = ("Tạp hóa", "Vật liệu Xây dựng", "Ăn uống", "Sửa chữa Xe máy", "Mộc", "May đo", "Điện máy")
COOPERATIVE_TRADES = (
    "Nông nghiệp", "Dịch vụ Nông nghiệp", "Chè", "Hồi", "Na", "Vận tải", "Lâm nghiệp", "Rau an toàn", "Mây tre đan",
    "Chăn nuôi", "Thương mại và Dịch vụ", "Dược liệu",
)
# Province-level agencies after the 2025 reorganisation (one each), then local units named after a place.
STATE_AGENCIES_PROVINCE = (
    "Văn phòng UBND tỉnh {p}", "Văn phòng Đoàn ĐBQH và HĐND tỉnh {p}", "Sở Tài chính tỉnh {p}",
    "Sở Nội vụ tỉnh {p}", "Sở Y tế tỉnh {p}", "Sở Giáo dục và Đào tạo tỉnh {p}", "Sở Xây dựng tỉnh {p}",
    "Sở Công Thương tỉnh {p}", "Sở Nông nghiệp và Môi trường tỉnh {p}", "Sở Tư pháp tỉnh {p}",
    "Sở Khoa học và Công nghệ tỉnh {p}", "Sở Văn hóa, Thể thao và Du lịch tỉnh {p}",
    "Sở Dân tộc và Tôn giáo tỉnh {p}", "Thanh tra tỉnh {p}", "Thuế tỉnh {p}", "Kho bạc Nhà nước khu vực {p}",
    "Tòa án nhân dân tỉnh {p}", "Viện Kiểm sát nhân dân tỉnh {p}", "Thi hành án dân sự tỉnh {p}",
    "Ban Quản lý Khu kinh tế {p}", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "Ban Tuyên giáo và Dân vận Tỉnh ủy {p}",
)
STATE_AGENCIES_LOCAL = (
    "Đảng ủy {u}", "Ủy ban Mặt trận Tổ quốc {u}", "Hạt Kiểm lâm khu vực {n}", "Đội Quản lý thị trường khu vực {n}",
    "Thuế cơ sở {n}", "Tòa án nhân dân khu vực {n}", "Viện Kiểm sát nhân dân khu vực {n}",
    "Phòng Thi hành án dân sự khu vực {n}", "Trung tâm Phục vụ hành chính công {u}",
)
PUBLIC_SERVICE_LOCAL: Weighted = (
    ("Trường Mầm non {n}", 22.0), ("Trường Tiểu học {n}", 22.0), ("Trường THCS {n}", 18.0),
    ("Trường PTDTBT THCS {n}", 4.0), ("Trường THPT {n}", 5.0), ("Trạm Y tế {u}", 12.0),
    ("Trung tâm Y tế khu vực {n}", 2.0), ("Trung tâm Dịch vụ nông nghiệp {u}", 4.0),
    ("Trung tâm Văn hóa - Thể thao {u}", 3.0), ("Trường Tiểu học và THCS {n}", 4.0),
    ("Ban Quản lý Dự án đầu tư xây dựng khu vực {n}", 2.0), ("Trung tâm Giáo dục nghề nghiệp - GDTX {n}", 2.0),
)
PUBLIC_SERVICE_PROVINCE = (
    "Bệnh viện Đa khoa tỉnh {p}", "Bệnh viện Y học cổ truyền tỉnh {p}", "Bệnh viện Phổi tỉnh {p}",
    "Trung tâm Kiểm soát bệnh tật tỉnh {p}", "Trường Cao đẳng {p}", "Trường THPT Chuyên {p}",
    "Đài Phát thanh và Truyền hình {p}", "Báo {p}", "Bảo tàng tỉnh {p}", "Trung tâm Công nghệ thông tin tỉnh {p}",
)
STATE_ENTERPRISES = (
    "Công ty Điện lực {p}", "Bưu điện tỉnh {p}", "Công ty TNHH MTV Xổ số kiến thiết {p}",
    "Công ty Cổ phần Cấp thoát nước {p}", "Ngân hàng Nông nghiệp và Phát triển Nông thôn - Chi nhánh {p}",
    "Ngân hàng TMCP Công Thương - Chi nhánh {p}", "Công ty TNHH MTV Lâm nghiệp {n}", "Viễn thông {p}",
    "Công ty TNHH MTV Khai thác công trình thủy lợi {p}", "Công ty Cổ phần Môi trường và Dịch vụ đô thị {p}",
    "Công ty Cổ phần Quản lý đường bộ {p}", "Công ty Than {n}",
)
ASSOCIATIONS = (
    "Hội Nông dân {u}", "Hội Liên hiệp Phụ nữ {u}", "Hội Cựu chiến binh {u}", "Hội Chữ thập đỏ {u}",
    "Đoàn Thanh niên {u}", "Hội Người cao tuổi {u}",
)
ASSOCIATIONS_PROVINCE = (
    "Liên minh Hợp tác xã tỉnh {p}", "Liên đoàn Lao động tỉnh {p}", "Hội Văn học Nghệ thuật tỉnh {p}",
    "Hội Luật gia tỉnh {p}", "Hội Khuyến học tỉnh {p}",
)

POSITIONS: dict[str, Weighted] = {
    "private": (("Công nhân", 30.0), ("Nhân viên kinh doanh", 12.0), ("Kế toán", 8.0), ("Lái xe", 6.0),
                ("Nhân viên văn phòng", 10.0), ("Kỹ thuật viên", 8.0), ("Thủ kho", 3.0), ("Bảo vệ", 4.0),
                ("Kỹ sư", 5.0), ("Giám đốc", 3.0), ("Phó giám đốc", 2.0), ("Lao động phổ thông", 9.0)),
    "state_agency": (("Chuyên viên", 55.0), ("Chuyên viên chính", 15.0), ("Văn thư", 5.0), ("Kế toán", 6.0),
                     ("Trưởng phòng", 6.0), ("Phó trưởng phòng", 8.0), ("Lái xe", 3.0), ("Giám đốc", 2.0)),
    "public_service": (("Giáo viên", 55.0), ("Bác sĩ", 8.0), ("Điều dưỡng", 10.0), ("Y sĩ", 5.0),
                       ("Nhân viên", 10.0), ("Kế toán", 4.0), ("Hiệu trưởng", 3.0), ("Phó hiệu trưởng", 3.0),
                       ("Dược sĩ", 2.0)),
    "commune": (("Công chức Văn phòng - Thống kê", 15.0), ("Công chức Tài chính - Kế toán", 12.0),
                ("Công chức Tư pháp - Hộ tịch", 12.0), ("Công chức Văn hóa - Xã hội", 14.0),
                ("Công chức Địa chính - Xây dựng", 14.0), ("Chủ tịch UBND", 5.0), ("Phó Chủ tịch UBND", 8.0),
                ("Chuyên viên", 20.0)),
    "cooperative": (("Xã viên", 60.0), ("Giám đốc", 10.0), ("Kế toán", 10.0), ("Lao động", 20.0)),
    "other": (("Nhân viên", 70.0), ("Kế toán", 15.0), ("Lái xe", 5.0), ("Trưởng ban", 10.0)),
}
