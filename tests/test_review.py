"""`reconcile review`, driven through Textual's own test harness (`App.run_test` and its
pilot) on the seed articles: keys move and decide, quitting saves the ignored findings to
a baseline that `reconcile report --baseline` then honours, and the screen fits 80x24.

The pilot tests run their coroutine with `asyncio.run` inside ordinary tests, so no
pytest asyncio plugin is needed."""

from __future__ import annotations

import asyncio
import json
import sys

import pytest
from click.testing import CliRunner
from textual.geometry import Region
from textual.widgets import OptionList

from reconcile.cli import main  # first: it registers the review command
from reconcile.ingest import read_inputs
from reconcile.model import Report
from reconcile.pipeline import analyse
from reconcile.review import Decision, current, start_session
from reconcile.review.app import HelpScreen, IgnoreScreen, ReviewApp

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def seed_report():
    return analyse(read_inputs([str(SEEDS)]).articles)


@pytest.fixture
def baseline(tmp_path) -> str:
    return str(tmp_path / "reconcile-baseline.json")


@pytest.fixture
def app(seed_report, baseline) -> ReviewApp:
    return ReviewApp(start_session(seed_report), {a.id: a for a in seed_report.documents}, baseline)


def drive(app: ReviewApp, *keys: str, look=lambda screen: screen, size=(80, 24)):
    """Run the app headless, press `keys`, and return what `look` sees on the screen then
    (widgets are gone once the run ends, so they are read inside it)."""

    async def run():
        async with app.run_test(size=size) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            return look(pilot.app.screen)

    return asyncio.run(run())


def highlighted(screen) -> int | None:
    return screen.query_one("#findings", OptionList).highlighted


def first_prompt(screen) -> object:
    return screen.query_one("#findings", OptionList).get_option_at_index(0).prompt


def fingerprints(app: ReviewApp, *indexes: int) -> set[str]:
    return {app.session.findings[i].fingerprint for i in indexes}


# --- moving --------------------------------------------------------------------------------


def test_the_review_opens_on_the_first_conflict(app):
    assert drive(app, look=highlighted) == 0
    assert current(app.session).status == "conflict"


def test_j_and_down_highlight_the_next_finding_k_and_up_the_previous(app):
    async def steps():
        async with app.run_test(size=(80, 24)) as pilot:
            seen = []
            for key in ("j", "down", "k", "up"):
                await pilot.press(key)
                await pilot.pause()
                seen.append((app.session.index, highlighted(pilot.app.screen)))
            return seen

    assert asyncio.run(steps()) == [(1, 1), (2, 2), (1, 1), (0, 0)]


def test_the_detail_shows_the_current_findings_message(app):
    detail = drive(app, "j", look=lambda screen: str(screen.query_one("#detail").render()))
    assert current(app.session).message.split()[0] in detail


# --- deciding ------------------------------------------------------------------------------


def test_a_accepts_the_finding_marks_it_and_moves_on(app):
    first = app.session.findings[0]
    prompt = drive(app, "a", look=first_prompt)
    assert app.session.decisions == {first.fingerprint: Decision("accepted")}
    assert app.session.index == 1
    assert str(prompt).startswith("\u2713")


def test_i_asks_for_a_reason_and_enter_ignores_with_it(app):
    first = app.session.findings[0]
    prompt = drive(app, "i", *"old", "enter", look=first_prompt)
    assert app.session.decisions == {first.fingerprint: Decision("ignored", "old")}
    assert str(prompt).startswith("\u2717")


def test_the_reason_prompt_is_a_modal_that_escape_cancels(app):
    async def steps():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("i")
            await pilot.pause()
            opened = isinstance(pilot.app.screen, IgnoreScreen)
            await pilot.press("x", "escape")
            await pilot.pause()
            return opened, isinstance(pilot.app.screen, IgnoreScreen)

    assert asyncio.run(steps()) == (True, False)
    assert app.session.decisions == {}


def test_an_empty_reason_is_not_accepted(app):
    screen = drive(app, "i", "enter")
    assert isinstance(screen, IgnoreScreen) and app.session.decisions == {}


def test_u_undoes_the_last_decision(app):
    drive(app, "a", "i", "x", "enter", "u")
    assert app.session.decisions == {app.session.findings[0].fingerprint: Decision("accepted")}
    assert app.session.index == 1  # back on the finding whose decision was undone


def test_question_mark_shows_the_keys_and_any_key_closes_them(app):
    async def steps():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            opened = isinstance(pilot.app.screen, HelpScreen)
            await pilot.press("x")
            await pilot.pause()
            return opened, isinstance(pilot.app.screen, HelpScreen)

    assert asyncio.run(steps()) == (True, False)


# --- saving ----------------------------------------------------------------------------------


def test_s_saves_the_ignored_findings_without_quitting(app, baseline):
    drive(app, "i", "x", "enter", "s")
    assert app.is_running is False  # the harness has ended it; saving alone did not
    assert app.return_value is None
    with open(baseline, encoding="utf-8") as saved:
        assert {e["fingerprint"] for e in json.load(saved)["findings"]} == fingerprints(app, 0)


def test_q_saves_and_a_report_with_that_baseline_suppresses_exactly_the_ignored(app, baseline, monkeypatch):
    drive(app, "i", "x", "enter", "a", "i", "y", "enter", "q")
    assert app.return_value is True
    ignored = fingerprints(app, 0, 2)
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["report", "seeds", "--format", "json", "--baseline", baseline])
    report = json.loads(result.stdout)
    assert {f["fingerprint"] for f in report["suppressed"]} == ignored
    assert ignored.isdisjoint(f["fingerprint"] for f in report["findings"])
    assert app.session.findings[1].fingerprint in {f["fingerprint"] for f in report["findings"]}


def test_ctrl_q_quits_without_saving(app, baseline):
    import os

    drive(app, "a", "ctrl+q")
    assert app.return_value is None and not os.path.exists(baseline)
    assert app.unsaved(app.session)


def test_a_failed_save_is_shown_and_the_review_stays_open(seed_report, tmp_path):
    app = ReviewApp(start_session(seed_report), {a.id: a for a in seed_report.documents}, str(tmp_path / "no-such-dir" / "b.json"))
    drive(app, "a", "q")
    assert app.return_value is None  # q did not quit: the harness ended the run
    assert app.saved_count is None


# --- the screen --------------------------------------------------------------------------


def test_the_review_fits_80_by_24(app):
    names = ("#progress", "#findings", "#detail", "#evidence", "Footer")
    regions = drive(app, look=lambda screen: {name: screen.query_one(name).region for name in names})
    whole = Region(0, 0, 80, 24)
    for name, region in regions.items():
        assert region.height > 0 and whole.contains_region(region), name
    assert regions["#evidence"].height >= 8
    assert regions["Footer"].y == 23


def test_articles_without_findings_say_there_is_nothing_to_review(baseline):
    app = ReviewApp(start_session(Report(documents=[])), {}, baseline)
    detail = drive(app, "j", "a", "i", "u", look=lambda screen: str(screen.query_one("#detail").render()))
    assert detail.startswith("Nothing to review") and app.session.decisions == {}


def test_the_evidence_shows_each_article_side_by_side(app):
    def header_lines(screen) -> str:
        strips = screen.query_one("#evidence-body").render_lines(Region(0, 0, 78, 1))
        return "\n".join(strip.text for strip in strips)

    text = drive(app, "j", "j", "j", look=header_lines)  # Lavrov's name: three articles
    docs = list(dict.fromkeys(s.doc for s in current(app.session).evidence))
    assert len(docs) == 3 and all(doc[:12] in text for doc in docs)


def test_the_main_screen_matches_its_snapshot(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24))


# --- the command -------------------------------------------------------------------------


def test_review_without_textual_says_how_to_install_it_and_exits_2(monkeypatch):
    for name in [name for name in sys.modules if name == "textual" or name.startswith("textual.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "reconcile.review.app")
    result = CliRunner().invoke(main, ["review", str(SEEDS)])
    assert result.exit_code == 2
    assert result.stderr == "reconcile: error: reconcile review needs Textual: pip install 'reconcile[review]'\n"


def test_review_outside_a_terminal_says_so_and_exits_2():
    result = CliRunner().invoke(main, ["review", str(SEEDS)])
    assert result.exit_code == 2 and "interactive" in result.stderr


def test_review_command_saves_ignored_and_prints_accepted(monkeypatch, tmp_path):
    from reconcile.cli import review as command

    class ScriptedApp(ReviewApp):
        def run(self, **_):
            async def keys(pilot):
                for key in ("a", "i", "x", "enter", "q"):
                    await pilot.press(key)
                    await pilot.pause()

            return super().run(headless=True, size=(80, 24), auto_pilot=keys)

    monkeypatch.setattr(command, "load_app_class", lambda: ScriptedApp)
    monkeypatch.setattr(command, "is_interactive", lambda: True)
    baseline = tmp_path / "b.json"
    result = CliRunner().invoke(main, ["review", str(SEEDS), "--baseline", str(baseline)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Accepted 1 finding to fix:\n- [error] caption: Caption names")
    assert f"1 ignored finding of this review saved to {baseline}" in result.stderr
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"][0]["reason"] == "x"


def test_review_refuses_a_broken_baseline_before_analysing(monkeypatch, tmp_path):
    from reconcile.cli import review as command

    monkeypatch.setattr(command, "is_interactive", lambda: True)
    broken = tmp_path / "b.json"
    broken.write_text("not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(SEEDS), "--baseline", str(broken)])
    assert result.exit_code == 2 and "not a baseline file" in result.stderr
