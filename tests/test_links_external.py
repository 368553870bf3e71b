"""External check: real lychee, the project's lychee.toml, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from conftest import ROOT
from helpers import write_practice
from practicesite.links import lychee
from practicesite.links.check import check_links
from practicesite.links.model import Source, Status
from practicesite.model import Project
from practicesite.site.build import build

pytestmark = pytest.mark.slow

CONFIG = ROOT / "lychee.toml"
MAX_RETRIES = 2
# The checked-in policy, with a short timeout and short waits so that the test stays quick.
FAST = ["--timeout", "1", "--retry-wait-time", "1", "--max-retries", str(MAX_RETRIES),
        "--host-request-interval", "10ms", "--host-concurrency", "8"]


class Site:
    """Answers by path, and counts every request it receives."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        server.expect_request("/ok").respond_with_handler(self.counted(lambda r: Response("fine")))
        server.expect_request("/moved").respond_with_handler(
            self.counted(lambda r: Response("", status=301, headers={"Location": server.url_for("/ok")})))
        server.expect_request("/gone-404").respond_with_handler(self.counted(lambda r: Response("", status=404)))
        server.expect_request("/gone-410").respond_with_handler(self.counted(lambda r: Response("", status=410)))
        server.expect_request("/busy").respond_with_handler(
            self.counted(lambda r: Response("", status=429, headers={"Retry-After": "1"})))
        server.expect_request("/flaky").respond_with_handler(self.counted(self.flaky))
        server.expect_request("/slow").respond_with_handler(self.counted(self.slow))

    def counted(self, handler):  # type: ignore[no-untyped-def]
        def wrapper(request: Request) -> Response:
            with self.lock:
                self.hits[request.path] += 1
            return handler(request)
        return wrapper

    def flaky(self, request: Request) -> Response:
        return Response("", status=500) if self.hits["/flaky"] == 1 else Response("back")

    @staticmethod
    def slow(request: Request) -> Response:
        time.sleep(2.5)
        return Response("too late")

    def url(self, path: str) -> str:
        return self.server.url_for(path)


@pytest.fixture
def site() -> Iterator[Site]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)  # threaded: /slow must not block the rest
    server.start()
    try:
        yield Site(server)
    finally:
        server.clear()
        server.stop()


def refused_url() -> str:
    """An address on which nothing listens: the port was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nobody-home"


def page_with_links(directory: Path, urls: list[str]) -> Path:
    page = directory / "page.html"
    page.write_text("<html><body>" + "".join(f'<p><a href="{u}">{i}</a></p>\n' for i, u in enumerate(urls))
                    + "</body></html>\n", encoding="utf-8")
    return page


def check(page: Path, cwd: Path) -> dict[str, Status]:
    results, _ = lychee.run([str(page)], cwd=cwd, config=CONFIG, offline=False, options=FAST)
    return {r.url: lychee.classify(r) for r in results}


def test_every_answer_is_classified_and_retries_are_bounded(site: Site, tmp_path: Path) -> None:
    refused = refused_url()
    paths = ["/ok", "/moved", "/gone-404", "/gone-410", "/busy", "/flaky", "/slow"]
    page = page_with_links(tmp_path, [site.url(p) for p in paths] + [refused])
    status = check(page, tmp_path)
    assert {path: status[site.url(path)] for path in paths} == {
        "/ok": Status.OK,
        "/moved": Status.REDIRECTED,
        "/gone-404": Status.BROKEN,
        "/gone-410": Status.BROKEN,
        "/busy": Status.UNCHECKED,
        # 500 then 200: lychee 0.24 retries timeouts and 429 but not a 5xx answer; the 500 it saw
        # says nothing about the link: could not check, never broken (the next run asks again).
        "/flaky": Status.OK if site.hits["/flaky"] == 2 else Status.UNCHECKED,
        "/slow": Status.UNCHECKED,
    }
    assert status[refused] is Status.UNCHECKED
    assert 1 <= site.hits["/flaky"] <= 2
    for path in ("/busy", "/slow"):
        assert 1 <= site.hits[path] <= 1 + MAX_RETRIES, (path, site.hits[path])
    assert site.hits["/gone-404"] <= 1 + MAX_RETRIES


def test_second_run_within_cache_age_sends_no_request(site: Site, tmp_path: Path) -> None:
    page = page_with_links(tmp_path, [site.url("/ok"), site.url("/moved"), site.url("/flaky")])
    first = check(page, tmp_path)
    assert (tmp_path / ".lycheecache").is_file()
    assert site.hits["/ok"] == 2 and site.hits["/moved"] == 1  # /ok once directly, once via /moved
    # A 500 is not cached (cache_exclude_status in lychee.toml): the next run asks again.
    if first[site.url("/flaky")] is Status.UNCHECKED:
        assert check(page, tmp_path)[site.url("/flaky")] is Status.OK
        assert site.hits["/ok"] == 2 and site.hits["/moved"] == 1
    sent = sum(site.hits.values())
    again = check(page, tmp_path)
    assert sum(site.hits.values()) == sent
    assert {again[site.url(p)] for p in ("/ok", "/moved", "/flaky")} == {Status.OK}


def test_broken_links_are_asked_again(site: Site, tmp_path: Path) -> None:
    """lychee 0.24 caches successful answers only: a fixed link is seen as fixed on the next run."""
    page = page_with_links(tmp_path, [site.url("/gone-404")])
    assert check(page, tmp_path)[site.url("/gone-404")] is Status.BROKEN
    assert check(page, tmp_path)[site.url("/gone-404")] is Status.BROKEN
    assert site.hits["/gone-404"] == 2


def test_broken_source_and_text_links_name_their_lines(site: Site, project: Project) -> None:
    gone_source, gone_text = site.url("/gone-404"), site.url("/gone-410")
    write_practice(project, "matera-test-lab", city="matera",
                   sources=[{"title": "Fine", "url": site.url("/ok")}, {"title": "Gone", "url": gone_source}])
    write_practice(project, "timisoara-test-fund", city="timisoara",
                   en_body=f"## What was done\n\nA [report]({gone_text}) and [a page]({site.url('/moved')}).\n")
    built = build(project).site_dir
    # Only our server: the fixture's other addresses (example.org) cannot be reached from here.
    report = check_links(project, built, external=True, options=[*FAST, "--exclude", "^https://"])
    broken = {(f.page, f.url, f.source) for f in report.broken}
    yaml_rel = "practices/matera-test-lab/practice.yaml"
    yaml_line = next(n for n, line in enumerate((project.root / yaml_rel).read_text().splitlines(), 1)
                     if gone_source in line)
    en_md = "practices/timisoara-test-fund/en.md"
    assert broken == {
        ("practices/matera-test-lab/", gone_source, Source(yaml_rel, yaml_line)),
        ("en/practices/matera-test-lab/", gone_source, Source(yaml_rel, yaml_line)),
        ("en/practices/timisoara-test-fund/", gone_text, Source(en_md, 3)),
    }
    redirected = {(f.page, f.url) for f in report.findings if f.status is Status.REDIRECTED}
    assert redirected == {("en/practices/timisoara-test-fund/", site.url("/moved"))}
    assert all(f.status is Status.EXCLUDED for f in report.findings if f.url.startswith("https://example.org"))
