"""From a recording to what the grader needs: checked audio, a transcript and delivery figures.

The CLI and the chat both call `hear`; it raises the errors in `errors.py` for anything that
cannot be graded, and `language_outcome` turns speech in another language into the same
"not English" result typed text gets.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..models import EngineInfo, Unscored
from ..validation import non_english_problem
from .audio import AudioSource, check_gradable, decode, no_speech
from .delivery import analyse, language_name, tokens
from .models import DeliveryReport, SpokenAnswer, Transcript
from .transcriber import Transcriber


class Heard(BaseModel):
    transcript: Transcript
    delivery: DeliveryReport

    def spoken(self) -> SpokenAnswer:
        t = self.transcript
        return SpokenAnswer(
            transcript=t.text,
            language=t.language,
            duration_s=t.duration_s,
            model=t.model,
            delivery=self.delivery,
        )


def hear(transcriber: Transcriber, source: AudioSource, language: str = "en") -> Heard:
    samples = decode(source)
    check_gradable(samples)
    transcript = transcriber.transcribe(samples, language)
    if not tokens(transcript.text):
        raise no_speech("Only noise or silence was heard.")
    return Heard(transcript=transcript, delivery=analyse(transcript))


def language_outcome(heard: Heard, language: str, engine: EngineInfo) -> Unscored | None:
    """Unscored 'not English' (or the configured language) when the speech was in another one."""
    spoken = heard.transcript.language
    if spoken == language:
        return None
    problem = non_english_problem(f"{language_name(spoken)} (spoken)")
    return Unscored(
        reason_code=problem.code, reason=problem.message, hint=problem.hint, engine=engine
    )
