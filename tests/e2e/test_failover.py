"""Failover in a real browser: two `interview-coach web` instances (`web --instances 2`) on one
throwaway Postgres cluster, HAProxy in front with the configuration `proxy-config haproxy`
writes, and Debian's chromium. The instance serving the page is killed with SIGKILL after the
answer is graded; the page reconnects through the proxy to the other instance, which resumes the
chat from the database: the answer, the same scorecard, and an interview that carries on.

Without chromium, haproxy or Postgres the test is skipped locally and fails in CI (CI=true),
where `.ci/run` installs them.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, click_until_shown, send_first_answer

from chat_cluster import HAPROXY, Cluster, cluster
from interview_coach.web.resume import REDRAWN

pytestmark = pytest.mark.e2e

ANSWER = "I just want a stable job and to learn some things."
MORE = "Maybe I would like to get better at my work and stay a few years."
SCORE = re.compile(r"Your score: (\d+)/100")
FAILOVER_SECONDS = 30


def _require(what: str, present: bool) -> None:
    if present:
        return
    reason = f"{what} is missing"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; CI must install it (.ci/run)")
    pytest.skip(reason)


@pytest.fixture
def two_instances(tmp_path: Path, pg_url: str) -> Iterator[Cluster]:
    """Two instances on one Postgres database, behind HAProxy."""
    _require(str(CHROMIUM), CHROMIUM.exists())
    _require("haproxy (apt-get install haproxy)", Path(HAPROXY).exists())
    import asyncio

    from pg_cluster import fresh_database

    url = asyncio.run(fresh_database(pg_url))
    with cluster(2, tmp_path, {"INTERVIEW_COACH_DATABASE_URL": url}) as c:
        yield c


def _served_by(context: object, c: Cluster) -> int:
    """The port of the instance the proxy pins this browser to (its LB cookie: a, b)."""
    from playwright.sync_api import BrowserContext

    assert isinstance(context, BrowserContext)
    pinned = [k["value"] for k in context.cookies() if k["name"] == "LB"]
    assert pinned, "the proxy set no LB cookie"
    return c.ports[ord(pinned[0]) - ord("a")]


def test_the_chat_survives_the_death_of_its_instance(two_instances: Cluster) -> None:
    from playwright.sync_api import expect, sync_playwright

    c = two_instances
    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        page = context.new_page()
        page.set_default_timeout(20_000)
        outside: list[str] = []
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1")
                else outside.append(route.request.url)
            ),
        )
        try:
            page.goto(c.url)
            page.get_by_role("button", name="Start the interview").click()
            expect(page.get_by_text(re.compile("career aspirations", re.I)).last).to_be_visible()
            send_first_answer(page, ANSWER)
            heading = page.get_by_text(SCORE).last
            click_until_shown(page, "Get feedback now", heading)
            match = SCORE.search(heading.inner_text())
            assert match is not None
            score = match.group(1)
            words = f"{len(ANSWER.split())} words"
            expect(page.get_by_text(words).last).to_be_visible()
            # The chart's script is fetched once per page: let it load before the crash (a
            # module import cut off by the crash fails for the page's lifetime in Chromium).
            expect(page.locator(".js-plotly-plot").first).to_be_visible()

            serving = _served_by(context, c)
            c.kill(serving)  # SIGKILL: no clean shutdown, nothing saved on the way out

            # The page reconnects through the proxy to the other instance, which resumes the
            # chat from the database and redraws the scorecard from the stored report.
            redrawn = page.get_by_text(REDRAWN)
            expect(redrawn).to_be_visible(timeout=FAILOVER_SECONDS * 1000)
            deadline = time.monotonic() + FAILOVER_SECONDS
            while _served_by(context, c) == serving and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _served_by(context, c) != serving, "the proxy kept the dead instance"
            expect(page.get_by_text(ANSWER).first).to_be_visible()  # the answer, from the db
            expect(page.get_by_text(f"Your score: {score}/100").last).to_be_visible()
            expect(page.get_by_text(words).last).to_be_visible()
            expect(page.locator(".js-plotly-plot").last).to_be_visible()  # rebuilt from data

            # The interview goes on where it was: graded, so Try again asks the same question.
            page.get_by_role("button", name="Try again").last.click()
            expect(page.get_by_text("Let's try that again. Same question:")).to_be_visible()
            expect(page.locator("#stop-button")).to_have_count(0)
            page.locator("#chat-input").fill(MORE)
            page.keyboard.press("Enter")
            expect(page.get_by_role("button", name="Get feedback now").last).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "failover.png"), full_page=True)
            assert outside == [], "the page asked other hosts"
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "failover-failure.png"), full_page=True)
            print(c.tail())
            raise
        finally:
            browser.close()
