"""The practice chat in a real browser: the real Chainlit server (offline engine, fixed seed, temp
history) and Debian's chromium driven by Python Playwright. No browser download, loopback only.

Without /usr/bin/chromium the test is skipped locally and fails in CI (CI=true installs it).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; CI must install it")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chat_server(tmp_path: Path) -> Iterator[str]:
    """`interview-coach web` on a free loopback port, offline, seeded, with a temp history db."""
    port = _free_port()
    env = dict(os.environ)
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INTERVIEW_COACH_WEB_USERS"):
        env.pop(name, None)
    env.update(
        INTERVIEW_COACH_HISTORY_DB=str(tmp_path / "history.sqlite3"),
        INTERVIEW_COACH_SEED="7",
        INTERVIEW_COACH_FOLLOWUPS="2",
        PYTHONUNBUFFERED="1",
    )
    log_path = tmp_path / "server.log"
    cmd = [sys.executable, "-c", "from interview_coach.cli import main; main()"]
    cmd += ["web", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited early:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer in 30 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_thin_answer_followup_then_scorecard_in_a_real_browser(chat_server: str) -> None:
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.set_default_timeout(20_000)
        try:
            page.goto(chat_server)
            expect(page.get_by_text("Practising offline: rule-based feedback")).to_be_visible()
            expect(page.get_by_text(re.compile("career aspirations", re.I)).first).to_be_visible()

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
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "e2e-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
