"""A spoken answer through Chainlit's microphone button in a real browser: Chromium's fake
microphone plays an espeak-ng answer, the real server transcribes it on this machine, and the
person uses it, asks for feedback and gets a scorecard with a delivery section."""

from __future__ import annotations

import re
import time

import pytest
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _require_chromium, chat_server

from voice_audio import Synth, norm_words, require_voice_extra, voiced_seconds

pytestmark = pytest.mark.e2e
__all__ = ["chat_server"]  # the fixture, shared with the typed-answer browser test

SPOKEN = (
    "Thank you for asking. In my first year I want to master the data pipelines and ship "
    "reliable dashboards for the sales team. Later I hope to lead a small analytics group."
)
MIC = (
    "#message-composer button:not(#upload-button):not(#chat-submit):not(#chat-settings-open-modal)"
)


def test_spoken_answer_through_the_microphone_gets_a_transcript_and_a_scorecard(
    chat_server: str, synth: Synth
) -> None:
    _require_chromium()
    require_voice_extra()
    from playwright.sync_api import expect, sync_playwright

    wav = synth.speak(SPOKEN)
    assert wav.is_file()  # a missing capture file hangs Chromium's fake microphone
    seconds = voiced_seconds(wav)
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.set_default_timeout(30_000)
        try:
            page.goto(chat_server)
            expect(page.get_by_text(re.compile("career aspirations", re.I)).first).to_be_visible()
            page.locator(MIC).click()
            expect(page.locator("#message-composer svg.lucide-x")).to_have_count(1)
            time.sleep(seconds + 1.5)
            page.locator(MIC).first.click()

            use = page.get_by_role("button", name="Use this answer")
            expect(use).to_be_visible(timeout=90_000)
            heard = page.get_by_text(re.compile("sales team", re.I)).first
            expect(heard).to_be_visible()
            said = set(norm_words(heard.inner_text()))
            script = norm_words(SPOKEN)
            assert sum(w in said for w in script) >= 0.7 * len(script)
            use.click()

            feedback_now = page.get_by_role("button", name="Get feedback now")
            expect(feedback_now).to_be_visible()  # the follow-up question carries it
            feedback_now.click()

            expect(page.get_by_text(re.compile(r"Your score: \d+/100"))).to_be_visible(
                timeout=60_000
            )
            delivery = page.get_by_role("heading", name="Delivery")
            expect(delivery).to_be_visible()
            expect(page.locator("td", has_text="Pace")).to_be_visible()
            delivery.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "voice-scorecard.png"))
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "voice-e2e-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
