"""The offline grader: transparent rules, no model. The default engine and the LLM baseline.

Every score comes with the sentences that earned it and a one-line reason. Red flags cap the
criteria they hurt. Sentences addressed to the grader are content, not instructions: they are
set aside, flagged, and can only lower the grade.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import (
    CriterionScore,
    EngineInfo,
    GradeReport,
    InterviewContext,
    ReportWarning,
    Unscored,
)
from ..rubric import Rubric, default_rubric
from ..validation import unscored_if_invalid, word_count
from . import feedback
from .flags import Found, detect_flags, hurting_sentences
from .holistic import HolisticModel, checked_model
from .holistic import features as holistic_features
from .info import RULES, SEMANTIC
from .lexicon import Lexicon, load_lexicon
from .meaning import (
    FLAG_MIN,
    FLAG_SURE,
    RULES_FOUND,
    Meaning,
    cues_by_meaning,
    flag_sentences,
    floors,
    no_goals,
)
from .quality import SCORERS
from .rewrite import build_rewrite
from .scoring import Judgement
from .semantic import SemanticReader, default_reader
from .signals import Analysis, analyse


@dataclass
class Reading:
    analysis: Analysis
    found: list[Found]
    meaning: Meaning | None
    judgements: dict[str, Judgement]


_MOVES = ("short_term_goals", "company_alignment", "learning_growth", "commitment")


class OfflineGrader:
    """`semantic=False` is the rules-only engine (rules-v1), kept as the baseline benchmarks and
    evals compare with; the default adds the sentence-meaning layer (semantic-v1)."""

    def __init__(
        self,
        rubric: Rubric | None = None,
        lexicon: Lexicon | None = None,
        semantic: bool = True,
        reader: SemanticReader | None = None,
    ) -> None:
        self.rubric = rubric or default_rubric()
        self.lexicon = lexicon or load_lexicon()
        self.semantic = semantic
        self._reader = reader
        self._holistic: HolisticModel | None = None

    @property
    def reader(self) -> SemanticReader:
        if self._reader is None:
            self._reader = default_reader()
        return self._reader

    @property
    def holistic(self) -> HolisticModel:
        if self._holistic is None:
            self._holistic = checked_model(self.rubric.ids, self.reader.clf.labels)
        return self._holistic

    @property
    def info(self) -> EngineInfo:
        return SEMANTIC if self.semantic else RULES

    async def grade(self, answer: str, context: InterviewContext) -> GradeReport | Unscored:
        return self.grade_sync(answer, context)

    def grade_sync(
        self, answer: str, context: InterviewContext | None = None
    ) -> GradeReport | Unscored:
        context = context or InterviewContext()
        invalid = unscored_if_invalid(answer, self.info)
        if invalid is not None:
            return invalid
        r = self.read(answer, context)
        a, found, judgements = r.analysis, r.found, r.judgements
        if r.meaning is not None and a.clean:
            x = holistic_features(a, r.meaning.probs, judgements, self.rubric.ids)
            judgements = self.holistic.adjust(judgements, x, a.word_count)
        criteria = self.criteria(a, judgements, found)
        scores = {c.criterion_id: c.score for c in criteria}
        overall = self.rubric.overall(scores)
        drop = hurting_sentences(a, found) | {f.sentence.index for f in found if f.semantic}
        rewrite = build_rewrite(a, scores, drop, context)
        keys = {cid: j.key for cid, j in judgements.items()}
        return GradeReport(
            rubric_version=self.rubric.version,
            criteria=criteria,
            overall=overall,
            band=self.rubric.band(overall),
            strengths=feedback.strengths(criteria, self.rubric),
            improvements=feedback.improvements(criteria, keys, self.rubric, context),
            rewrite=rewrite.text,
            flags=[f.to_model() for f in found],
            warnings=self._warnings(a, len(rewrite.placeholders)),
            engine=self.info,
            word_count=word_count(answer),
        )

    def read(self, answer: str, context: InterviewContext) -> Reading:
        """Everything the rules and the sentence model find, before the whole-answer reading
        and the red-flag caps (also what `scripts/fit_holistic.py` fits on)."""
        a = analyse(answer, context, self.lexicon)
        found = detect_flags(a)
        meaning = self._meaning(a) if self.semantic else None
        if meaning is not None:
            a.read_as = cues_by_meaning(a, meaning)
        judgements = {cid: SCORERS[cid](a) for cid in self.rubric.ids}
        if meaning is not None:
            moves = sum(judgements[c].score >= 4 for c in _MOVES)
            found += self._semantic_flags(a, meaning, found, moves)
            judgements = self._with_meaning(a, meaning, judgements)
        return Reading(a, self._one_per_sentence(found), meaning, judgements)

    def _meaning(self, a: Analysis) -> Meaning:
        probs = self.reader.read([s.norm for s in a.clean])
        return Meaning(self.reader.clf.labels, probs, list(a.clean))

    def _semantic_flags(
        self, a: Analysis, m: Meaning, found: list[Found], moves: int
    ) -> list[Found]:
        have = {f.rule.id for f in found}
        rules = self.lexicon.flags
        out = [
            Found(rules[fid], s, semantic=True, soften=int(p < FLAG_SURE) + int(p < FLAG_MIN))
            for fid, s, p in flag_sentences(a, m, self.reader.read, moves)
            if fid not in have
        ]
        said = no_goals(a, m)
        if said and "no_goals" not in have:
            out.append(Found(rules["no_goals"], said[0], semantic=True))
        return out

    @staticmethod
    def _one_per_sentence(found: list[Found]) -> list[Found]:
        """Leaving to study or to start a business is its own flag: the same sentence is not
        also reported as a stepping stone."""
        school = {f.sentence.index for f in found if f.rule.id == "school_or_business"}
        return [
            f for f in found if not (f.rule.id == "stepping_stone" and f.sentence.index in school)
        ]

    @staticmethod
    def _with_meaning(
        a: Analysis, m: Meaning, judgements: dict[str, Judgement]
    ) -> dict[str, Judgement]:
        out = dict(judgements)
        for cid, floor in floors(a, m).items():
            if out[cid].score < RULES_FOUND and floor.score > out[cid].score:
                out[cid] = floor
        if no_goals(a, m):
            for cid in ("short_term_goals", "long_term_vision"):
                if out[cid].score <= RULES_FOUND:
                    out[cid] = Judgement(1, "none", [])
        return out

    def criteria(
        self, a: Analysis, judgements: dict[str, Judgement], found: list[Found]
    ) -> list[CriterionScore]:
        """The scored criteria in rubric order, red-flag caps applied."""
        return [self._criterion(a, cid, judgements[cid], found) for cid in self.rubric.ids]

    def _criterion(self, a: Analysis, cid: str, j: Judgement, found: list[Found]) -> CriterionScore:
        score = j.score
        reason = feedback.reason(cid, j.key, a.word_count)
        evidence = [s.text for s in j.evidence]
        caps = sorted(
            (cap, f.rule.label, f.sentence.text) for f in found if (cap := f.cap(cid)) is not None
        )
        if caps and caps[0][0] < score:
            score, label, quote = caps[0]
            reason = feedback.capped_reason(reason, score, label)
            evidence = [quote, *(e for e in evidence if e != quote)]
        if a.meta and cid == "sincerity_realism":
            reason += str(feedback.texts()["reasons"]["ignored_meta"])
        return CriterionScore(
            criterion_id=cid, evidence=list(dict.fromkeys(evidence)), reason=reason, score=score
        )

    @staticmethod
    def _warnings(a: Analysis, placeholders: int) -> list[ReportWarning]:
        out = []
        if placeholders:
            out.append(
                ReportWarning(
                    code="rewrite_placeholders",
                    message=f"The rewrite has {placeholders} [placeholder(s)] for parts your "
                    "answer is missing; fill them with your own facts.",
                )
            )
        if a.meta:
            out.append(
                ReportWarning(
                    code="ignored_meta",
                    message=f"{len(a.meta)} sentence(s) addressed the grader or the rubric rather "
                    "than the interviewer; they were ignored for scoring.",
                )
            )
        return out
