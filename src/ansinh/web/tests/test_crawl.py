"""The crawl of issue 10: sign in as every demo role, visit every menu link and every link one level down (once per
URL shape), in Vietnamese and in English, on a small demo province (`ansinh demo`). No page answers 5xx; no English
in a Vietnamese page and no Vietnamese in an English one; no amount of five or more digits without separators.
See ansinh.web.crawl for the checks."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.test import Client

from ansinh.accounts.models import User
from ansinh.web.crawl import Catalogue, CrawlResult, check_page, crawl, shape

ROLES = ["admin", "manager", "collection_officer", "benefits_officer", "benefits_approver", "hi_officer",
         "desk_clerk", "officer_local"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", persons=300, months=13, seed=1, province="20", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def test_crawl_every_role_in_both_languages(demo, db, catalogue) -> None:
    started = time.monotonic()
    result = CrawlResult()
    below: dict[str, set[str]] = {"vi": set(), "en": set()}
    for username in ROLES:
        user = User.objects.get(username=username)
        for lang in ("vi", "en"):
            client = Client(raise_request_exception=False)
            client.force_login(user)
            crawl(client, username, lang, catalogue, result=result, seen_below=below[lang])
    seconds = time.monotonic() - started
    visited = {url for _u, _l, url, _s in result.visited}
    # the crawl reached the pages of every area, and the objects' own pages one level down
    for expected in ("/coverage/", "/contributions/debts/", "/benefits/", "/reports/", "/planning/",
                     "/persons/", "/employers/"):
        assert any(u.startswith(expected) for u in visited), f"{expected} not reached"
    assert any(shape(u) == "/benefits/claims/N/" for u in visited)
    assert any(shape(u) == "/planning/N/" for u in visited)
    assert not result.problems, "\n".join(str(p) for p in result.problems[:60])
    assert len(result.visited) > 100, len(result.visited)
    print(f"crawled {len(result.visited)} pages in {seconds:.1f} s")


def test_the_checks_catch_what_they_should(catalogue) -> None:
    """The crawl's checks themselves: each kind of problem is found in a page that has it, and not in one without."""
    vi_ok = ('<html lang="vi"><body><p>Tra cứu người tham gia</p><td class="num">6.869.820.170</td>'
             '<p>Số nợ 1.234.567 đ</p><span class="mono">00123456789</span>'
             '<section lang="en"><p>the report is in English and not translated</p></section></body></html>')
    assert check_page(vi_ok, "vi", catalogue)[1] == []
    bad = ('<html><body><p>Person search</p><td class="num">6869820170</td><p>nợ 956475 đồng</p>'
           '<p>salary 2.000.000 is below the floor of the region</p><a href="/persons/1/">x</a></body></html>')
    links, problems = check_page(bad, "vi", catalogue)
    assert links == ["/persons/1/"]
    text = "\n".join(problems)
    assert "'Person search'" in text and "6869820170" in text and "956475" in text and "below the floor" in text
    en_bad = '<html><body><p>Tra cứu người tham gia</p><p>Đơn vị này chưa đóng tiền của các tháng trước</p></body></html>'
    assert len(check_page(en_bad, "en", catalogue)[1]) == 2
    assert shape("/persons/17/?page=2&q=an") == shape("/persons/18/?q=binh") == "/persons/N/?q"
