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
FAKE_SPEECH = """
window.__spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: {
    getVoices: function () { return [{ lang: "en-US", name: "Test voice" }]; },
    speak: function (u) { window.__spoken.push(u.text); },
    cancel: function () {},
  },
});
"""
MIC = (
    "#message-composer button:not(#upload-button):not(#chat-submit):not(#chat-settings-open-modal)"
)


@pytest.fixture(autouse=True)
def _read_questions_aloud(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set before the server fixture starts, so the server reads it."""
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__READ_QUESTION", "true")


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
        page.add_init_script(FAKE_SPEECH)  # records what read_aloud.js would say
        try:
            page.goto(chat_server)
            page.get_by_role("button", name="Start the interview").click()
            question = page.get_by_text(re.compile("career aspirations", re.I)).first
            expect(question).to_be_visible(timeout=30_000)
            # The greeting names the question too; wait for the question itself to be spoken
            # (polled with evaluate: wait_for_function's string predicate needs eval, which the
            # page's security policy forbids).
            for _ in range(300):
                if page.evaluate("window.__spoken.length"):
                    break
                time.sleep(0.1)
            assert "career aspirations" in page.evaluate("window.__spoken[0]").lower()
            page.locator(MIC).click()
            expect(page.locator("#message-composer svg.lucide-x")).to_have_count(1)
            time.sleep(seconds + 1.5)
            page.locator(MIC).first.click()

            use = page.get_by_role("button", name="Use this answer")
            expect(use).to_be_visible(timeout=90_000)
            heard = page.get_by_text(re.compile("first year", re.I)).first
            expect(heard).to_be_visible()
            said = set(norm_words(heard.inner_text()))
            script = norm_words(SPOKEN)
            # The browser's echo cancellation and noise suppression cost accuracy (recipes
            # measured ~10% WER): most of the script's words, not the file test's tight bound.
            assert sum(w in said for w in script) >= 0.6 * len(script)
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
