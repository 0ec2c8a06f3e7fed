"""Reference code lists of the registry (Vietnamese names are the official ones)."""

from __future__ import annotations

# The 54 ethnic groups, codes of Decision 121-TCTK/PPCĐ (02/03/1979) of the General Statistics Office,
# the codes used by the population database and by the MoH claim tables (MA_DANTOC). 55 = foreign national.
ETHNICITIES: dict[str, str] = {
    "01": "Kinh", "02": "Tày", "03": "Thái", "04": "Hoa", "05": "Khơ-me", "06": "Mường", "07": "Nùng",
    "08": "Hmông", "09": "Dao", "10": "Gia-rai", "11": "Ngái", "12": "Ê-đê", "13": "Ba-na", "14": "Xơ-đăng",
    "15": "Sán Chay", "16": "Cơ-ho", "17": "Chăm", "18": "Sán Dìu", "19": "Hrê", "20": "Mnông",
    "21": "Ra-glai", "22": "Xtiêng", "23": "Bru-Vân Kiều", "24": "Thổ", "25": "Giáy", "26": "Cơ-tu",
    "27": "Giẻ-Triêng", "28": "Mạ", "29": "Khơ-mú", "30": "Co", "31": "Ta-ôi", "32": "Chơ-ro",
    "33": "Kháng", "34": "Xinh-mun", "35": "Hà Nhì", "36": "Chu-ru", "37": "Lào", "38": "La Chí",
    "39": "La Ha", "40": "Phù Lá", "41": "La Hủ", "42": "Lự", "43": "Lô Lô", "44": "Chứt", "45": "Mảng",
    "46": "Pà Thẻn", "47": "Cơ Lao", "48": "Cống", "49": "Bố Y", "50": "Si La", "51": "Pu Péo",
    "52": "Brâu", "53": "Ơ-đu", "54": "Rơ-măm", "55": "Người nước ngoài",
}

ETHNICITY_CHOICES = [(code, f"{code} {name}") for code, name in ETHNICITIES.items()]
