"""The SQLite history: saved before grading, completed after, per user, exported."""

from __future__ import annotations

from pathlib import Path

from history_fill import save_graded
from interview_coach.history import HistoryStore
from interview_coach.models import InterviewContext, Speaker, Turn, Unscored
from interview_coach.rubric import CRITERION_IDS
from web_fakes import OFFLINE, make_report

CTX = InterviewContext(role="Analyst", company="Acme")
TURNS = [Turn(speaker=Speaker.candidate, kind="answer", text="I want to grow.")]


def _pending(store: HistoryStore, user: str = "local", answer: str = "I want to grow.") -> int:
    return store.save_pending(
        user=user, context=CTX, transcript=TURNS, answer=answer, engine=OFFLINE
    )


def test_database_and_folder_are_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "history.sqlite3"
    store = HistoryStore(path)
    assert not path.exists()
    assert store.list() == []
    assert path.is_file()


def test_answer_is_saved_before_grading_and_completed_after(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.db")
    record_id = _pending(store)
    saved = store.latest_ungraded("local")
    assert saved is not None and saved.id == record_id and saved.status == "ungraded"
    assert saved.answer == "I want to grow." and saved.context == CTX

    # A follow-up answer updates the same row rather than adding one.
    assert _pending_update(store, record_id) == record_id
    report = make_report(dict.fromkeys(CRITERION_IDS, 4), "I want to grow. More.")
    store.complete(record_id, report, TURNS)
    done = store.get(record_id)
    assert done is not None and done.status == "scored" and done.overall == report.overall
    assert done.outcome == report
    assert store.latest_ungraded("local") is None
    assert len(store.list("local")) == 1


def _pending_update(store: HistoryStore, record_id: int) -> int:
    return store.save_pending(
        user="local",
        context=CTX,
        transcript=TURNS,
        answer="I want to grow. More.",
        engine=OFFLINE,
        record_id=record_id,
    )


def test_each_user_sees_only_their_own_attempts(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.db")
    alice = _pending(store, "alice", "alice answer")
    _pending(store, "bob", "bob answer")
    assert [r.answer for r in store.list("alice")] == ["alice answer"]
    assert store.get(alice, user="bob") is None
    assert store.latest_ungraded("bob").answer == "bob answer"  # type: ignore[union-attr]
    assert not store.delete(alice, "bob")
    assert store.delete(alice, "alice") and store.list("alice") == []


def test_add_and_export_graded_and_unscored_attempts(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.db")
    report = make_report(dict.fromkeys(CRITERION_IDS, 3), "x")
    unscored = Unscored(reason_code="empty", reason="Empty.", hint="Write.", engine=OFFLINE)
    first = save_graded(store, report, "a", CTX, TURNS)
    second = save_graded(store, unscored, "b", CTX, TURNS)
    assert [r.status for r in store.export(user="local")] == ["scored", "unscored"]
    [only] = store.export(user="local", record_id=second)
    assert only.outcome == unscored and only.overall is None
    record = store.get(first)
    assert record is not None and record.outcome == report and record.transcript == TURNS
