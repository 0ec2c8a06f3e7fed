from ansinh.accounts.models import User


def test_full_name_in_vietnamese_order():
    u = User(username="lan", last_name="Nguyễn Thị", first_name="Lan", job_title="Chuyên viên")
    assert u.get_full_name() == "Nguyễn Thị Lan"
    assert User(username="x").get_full_name() == ""
