"""The practice chat in a real browser: the real Chainlit server (offline engine, fixed seed, temp
history) and Debian's chromium driven by Python Playwright. No browser download, loopback only.

Without /usr/bin/chromium the test is skipped locally and fails in CI (CI=true installs it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from interview_coach.text_safety import WORD_JOINER
from live_server import live_server

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Route

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
THIN_ANSWER = "I just want a stable job and to learn some things."
MARKUP_MESSAGE = (
    "![t](http://evil.example/track.png) [click](http://evil.example) areas:SQL <b>x</b>"
)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; CI must install it")
    pytest.skip(reason)


@pytest.fixture
def chat_server(tmp_path: Path) -> Iterator[str]:
    """`interview-coach web` on a free loopback port, offline, seeded, with a temp history db."""
    with live_server(tmp_path) as url:
        yield url


def _loopback_only(route: Route, outside: list[str]) -> None:
    """Loopback requests go through; any other is recorded and left hanging forever (a network
    that drops packets), so a page that waits on an outside host would never render."""
    if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost", "::1"):
        route.continue_()
    else:
        outside.append(route.request.url)


def test_thin_answer_followup_then_scorecard_in_a_real_browser(chat_server: str) -> None:
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=20_000)  # every request now passes through the route handler
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.set_default_timeout(20_000)
        outside: list[str] = []
        page.route("**/*", lambda route: _loopback_only(route, outside))
        csp_errors: list[str] = []
        page.on(
            "console",
            lambda msg: (
                csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        try:
            page.goto(chat_server)
            expect(page.get_by_text("Practising offline: rule-based feedback")).to_be_visible()
            # The settings come first: a greeting with a Start button, no question yet.
            start = page.get_by_role("button", name="Start the interview")
            expect(start).to_be_visible()
            expect(page.locator(".watermark")).to_have_count(1)  # Chainlit draws it...
            expect(page.locator(".watermark")).to_be_hidden()  # ...hidden: no LLM offline
            start.click()
            question = page.get_by_text(re.compile("what are your career aspirations", re.I))
            expect(question.last).to_be_visible()
            expect(start).to_have_count(0)
            # The first interaction starts a saved session: Chainlit moves the page to its
            # address (and redraws the composer), then the answer can be typed.
            page.wait_for_url(re.compile(r"/thread/[0-9a-f-]{36}$"))
            thread_id = page.url.rsplit("/", 1)[-1]

            page.locator("#chat-input").fill(THIN_ANSWER)
            page.keyboard.press("Enter")

            feedback_now = page.get_by_role("button", name="Get feedback now")
            expect(feedback_now).to_be_visible()  # the follow-up question carries it
            feedback_now.click()

            heading = page.get_by_text(re.compile(r"Your score: \d+/100"))
            expect(heading).to_be_visible(timeout=30_000)
            scores = page.locator("table td").filter(has_text=re.compile(r"^[1-5]/5$"))
            expect(scores).to_have_count(9)
            expect(page.get_by_text("Your answer, rewritten")).to_be_visible()
            expect(page.locator(".js-plotly-plot").first).to_be_visible()
            expect(page.get_by_role("button", name="Try again")).to_be_visible()
            heading.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "scorecard.png"))
            page.get_by_text("Your answer, rewritten").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "scorecard-rewrite.png"))

            # Thumbs up on the scorecard is stored with the session.
            page.locator(".positive-feedback-off").last.click()
            dialog = page.get_by_role("dialog")
            with page.expect_response(lambda r: r.url.endswith("/feedback")) as sent:
                dialog.get_by_role("button", name=re.compile("submit", re.I)).click()
            assert sent.value.ok and sent.value.json()["success"] is True

            # Text sent after the feedback is echoed back: exactly as typed, never as markup.
            page.locator("#chat-input").fill(MARKUP_MESSAGE)
            page.keyboard.press("Enter")
            echo = page.locator("blockquote").filter(has_text="areas:SQL").last
            expect(echo).to_be_visible()
            assert echo.inner_text().replace(WORD_JOINER, "").strip() == MARKUP_MESSAGE
            expect(page.locator("img[src*='track.png']")).to_have_count(0)
            expect(page.locator("a[href*='evil.example']")).to_have_count(0)

            # After a reload the session is in the sidebar and resumes with its scorecard,
            # redrawn from the stored report (the chart rebuilt from data), thumbs kept.
            page.reload()
            expect(page.locator(f"#thread-{thread_id}")).to_have_text(
                re.compile("Career aspirations")
            )
            expect(page.get_by_text(re.compile("redrawn from your history"))).to_be_visible()
            expect(page.locator(".js-plotly-plot").first).to_be_visible()
            expect(page.get_by_text(THIN_ANSWER).first).to_be_visible()
            expect(page.locator(".positive-feedback-on")).to_have_count(1)
            assert outside == [], "the page asked other hosts (left hanging)"
            assert csp_errors == [], "the security policy blocked something the page needs"
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "e2e-failure.png"), full_page=True)
            raise
        finally:
            browser.close()


PHONE = {"width": 390, "height": 844}


def _looks_like_a_button(page: object, name: str) -> None:
    """A filled, bordered control, not faint text: its background is opaque and it is tall
    enough to tap (the page's CSS from /public, allowed by the CSP)."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    button = page.get_by_role("button", name=name).first
    style = button.evaluate(
        "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.borderTopWidth]; }"
    )
    background, border = style
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), f"{name}: {style}"
    assert float(border.removesuffix("px")) >= 1, f"{name}: {style}"
    box = button.bounding_box()
    assert box is not None and box["height"] >= 32, f"{name}: {box}"


def send_first_answer(page: Page, text: str) -> None:
    """Type and send the first answer of a new session, once the chat has settled.

    Chainlit moves a new saved session to `/thread/<id>` on its first user message and redraws
    the composer (on a phone-sized page, after the message rather than after Start); a message
    sent in that instant can vanish with the old composer. The test waits for the message to be
    on screen and sends it again only if it never appeared.
    """
    from playwright.sync_api import expect

    sent = page.locator('[data-step-type="user_message"]').filter(has_text=text[:40])
    for _ in range(2):
        page.locator("#chat-input").fill(text)
        page.keyboard.press("Enter")
        try:
            expect(sent.first).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            continue
    expect(sent.first).to_be_visible()


def click_until_shown(page: Page, name: str, shown: Locator, timeout: float = 30_000) -> None:
    """Click the button `name` until `shown` is on screen. A click in the instant Chainlit
    redraws the chat (moving a new session to `/thread/<id>`, late on a loaded machine) can land
    on the old page and vanish; a second click on an action already under way is refused by the
    session, so clicking again is safe."""
    from playwright.sync_api import expect

    button = page.get_by_role("button", name=name).last
    expect(button).to_be_visible()
    button.click()
    try:
        expect(shown).to_be_visible(timeout=10_000)
        return
    except AssertionError:
        if button.is_visible():
            button.click()
    expect(shown).to_be_visible(timeout=timeout)


def test_buttons_and_chart_on_a_390px_phone(chat_server: str) -> None:
    """At phone width the action buttons look like buttons, and the chart fits the screen with
    no mode bar over the bars; the screenshot lands in test-artifacts/scorecard-phone.png."""
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True)
        page.set_default_timeout(20_000)
        outside: list[str] = []
        page.route("**/*", lambda route: _loopback_only(route, outside))
        try:
            page.goto(chat_server)
            start = page.get_by_role("button", name="Start the interview")
            expect(start).to_be_visible()
            _looks_like_a_button(page, "Start the interview")
            start.click()
            question = page.get_by_text(re.compile("what are your career aspirations", re.I))
            expect(question.last).to_be_visible()
            send_first_answer(page, THIN_ANSWER)
            expect(page.get_by_role("button", name="Get feedback now")).to_be_visible()
            _looks_like_a_button(page, "Get feedback now")
            click_until_shown(
                page, "Get feedback now", page.get_by_text(re.compile(r"Your score: \d+/100"))
            )
            expect(page.get_by_role("button", name="Try again")).to_be_visible()
            _looks_like_a_button(page, "Try again")

            chart = page.locator(".js-plotly-plot").first
            expect(chart).to_be_visible()
            chart.scroll_into_view_if_needed()
            expect(chart.locator(".bars .point")).to_have_count(9)
            expect(page.locator(".modebar")).to_have_count(0)
            box = chart.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            plot_area = chart.locator(".nsewdrag").first.bounding_box()
            assert plot_area is not None and plot_area["width"] >= 0.4 * PHONE["width"], plot_area
            bars = chart.locator(".bars .point path")
            heights = [b["height"] for b in (bars.nth(i).bounding_box() for i in range(9)) if b]
            assert len(heights) == 9 and min(heights) >= 14, heights
            page.screenshot(path=str(ARTIFACTS / "scorecard-phone.png"))
            assert outside == [], "the page asked other hosts (left hanging)"
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "e2e-phone-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
