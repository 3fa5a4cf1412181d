"""The review's terminal interface (Textual): the findings list, the current finding, its
evidence side by side, and the keys that decide. Only UI lives here: every change of
state is one of the pure functions of `reconcile.review`, applied to `ReviewApp.session`.
"""

from __future__ import annotations

from typing import Callable, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..baseline import BaselineError
from ..model import Article, Finding
from ..render import one_line
from . import (
    ReviewSession,
    current,
    decide,
    decision_of,
    go_to,
    ignored_to_baseline,
    next_finding,
    previous_finding,
    progress,
    undo,
)
from .evidence import MAX_CONTEXT_CHARS, EvidenceColumn, evidence_columns, marked_pieces

MARKS = {"accepted": "\u2713", "ignored": "\u2717", None: " "}
STATUS_STYLES = {"conflict": "bold red", "variant": "yellow", "agreement": "green"}
SEVERITY_STYLES = {"error": "red", "warning": "yellow", "info": "cyan"}
# Evidence covered by one span, and by two or more (a name inside a quoted caption).
MARK_STYLES = {1: "bold black on yellow", 2: "bold white on dark_red"}

KEYS_HELP = (
    ("j / \u2193", "next finding"),
    ("k / \u2191", "previous finding"),
    ("a", "accept: a real problem to fix"),
    ("i", "ignore, with a reason (Enter confirms, Escape cancels)"),
    ("u", "undo the last decision"),
    ("s", "save the ignored findings to the baseline now"),
    ("q", "save and quit"),
    ("shift+\u2193 / shift+\u2191", "scroll the evidence"),
    ("?", "this help"),
)


def finding_line(finding: Finding, decision_status: str | None) -> Text:
    """One row of the findings list: decision mark, status, severity, kind, message."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{MARKS[decision_status]} ", style="bold green" if decision_status == "accepted" else "bold red")
    line.append(f"{finding.status:<10}", style=STATUS_STYLES.get(finding.status, ""))
    line.append(f"{finding.severity:<8}", style=SEVERITY_STYLES.get(finding.severity, ""))
    line.append(f"{finding.kind:<14}", style="dim")
    line.append(one_line(finding.message))
    return line


def finding_detail(session: ReviewSession) -> Text:
    """The current finding in full, with the decision taken on it."""
    finding = current(session)
    if finding is None:
        return Text("Nothing to review: no conflicts or variants in these articles.")
    decision = decision_of(session, finding)
    text = Text()
    text.append(finding.status, style=STATUS_STYLES.get(finding.status, ""))
    text.append(f" \u00b7 {finding.severity} \u00b7 {finding.kind}", style="dim")
    if decision is not None:
        said = f" \u00b7 {MARKS[decision.status]} {decision.status}"
        text.append(
            said + (f": {decision.reason}" if decision.reason else ""), style="bold green" if decision.status == "accepted" else "bold red"
        )
    text.append("\n" + one_line(finding.message))
    return text


def passage_text(column: EvidenceColumn) -> Text:
    """A column's passages, evidence highlighted, one blank line between passages."""
    text = Text()
    for number, passage in enumerate(column.passages):
        if number:
            text.append("\n\n")
        if passage.cut_before:
            text.append("\u2026 ", style="dim")
        for piece, depth in marked_pieces(passage):
            text.append(piece, style=MARK_STYLES[min(depth, 2)] if depth else "")
        if passage.cut_after:
            text.append(" \u2026", style="dim")
    return text


def column_chars(columns: int, width: int = 78) -> int:
    """About how many characters a line of one evidence column holds at `width`."""
    return max(8, width // max(1, columns) - 2)


def passage_limit(columns: int) -> int:
    """How long a passage may be: shorter as columns get narrower, so that the evidence
    stays within a screen or two of scrolling."""
    return MAX_CONTEXT_CHARS if columns <= 2 else max(160, 2 * MAX_CONTEXT_CHARS // columns)


def evidence_table(finding: Finding | None, articles: Mapping[str, Article]) -> Table | Text:
    """The evidence side by side: one column per article, headed by its id and title."""
    if finding is None:
        return Text("")
    docs = len({span.doc for span in finding.evidence})
    columns = evidence_columns(finding, articles, passage_limit(docs))
    # Headers go in a first row rather than the table's header, which rich aligns to the
    # bottom: titles of different lengths would push the article ids out of line.
    table = Table(expand=True, show_header=False, box=None, padding=(0, 1), show_edge=False)
    headers = []
    for column in columns:
        header = Text(column.doc, style="bold cyan")
        if column.title:
            header.append("\n" + one_line(column.title, 2 * column_chars(docs)), style="italic dim")
        headers.append(header)
        table.add_column(ratio=1, overflow="fold", vertical="top")
    table.add_row(*headers)
    table.add_row(*(passage_text(column) for column in columns))
    return table


class IgnoreScreen(ModalScreen[str | None]):
    """Asks why a finding is ignored; dismissed with the reason, or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        with Vertical(id="ignore-box"):
            yield Label("Ignore this finding? Say why (Enter to confirm, Escape to cancel):")
            yield Label(Text(one_line(self.finding.message, 150), style="dim"), id="ignore-finding")
            yield Input(placeholder="reason, e.g. house style allows both spellings", id="reason")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = " ".join(event.value.split())
        if not reason:
            self.query_one("#ignore-finding", Label).update(Text("A reason is needed: type one, or Escape to cancel.", style="bold red"))
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The keys, one a line; any key closes it."""

    def compose(self) -> ComposeResult:
        rows = Text()
        for key, what in KEYS_HELP:
            rows.append(f"{key:<22}", style="bold")
            rows.append(what + "\n")
        rows.append("\nIgnored findings go to the baseline file; accepted ones are listed when you quit.", style="dim")
        with Vertical(id="help-box"):
            yield Label("reconcile review: keys", id="help-title")
            yield Static(rows)

    def on_key(self, event) -> None:
        event.stop()
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)


class FindingsScreen(Screen):
    """The main screen: the list on top, the current finding, then its evidence."""

    BINDINGS = [
        Binding("j", "next", "Next"),
        Binding("k", "previous", "Prev"),
        Binding("down", "next", "Next", show=False),
        Binding("up", "previous", "Prev", show=False),
        Binding("a", "accept", "Accept"),
        Binding("i", "ignore", "Ignore"),
        Binding("u", "undo", "Undo"),
        Binding("s", "save", "Save"),
        Binding("q", "quit_review", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("shift+down", "scroll_evidence(1)", "Scroll", show=False),
        Binding("shift+up", "scroll_evidence(-1)", "Scroll", show=False),
    ]

    _evidence_of: Finding | None = None  # the finding whose evidence is on screen

    def compose(self) -> ComposeResult:
        yield Static(id="progress")
        yield OptionList(id="findings")
        yield Static(id="detail")
        with VerticalScroll(id="evidence", can_focus=False):
            yield Static(id="evidence-body")
        yield Footer()

    @property
    def review(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        session = self.review.session
        options = self.query_one("#findings", OptionList)
        options.add_options([Option(finding_line(f, self._status_of(f))) for f in session.findings])
        options.focus()
        self.show(session)

    def _status_of(self, finding: Finding) -> str | None:
        decision = decision_of(self.review.session, finding)
        return decision.status if decision else None

    def show(self, session: ReviewSession) -> None:
        """Make `session` the app's state and bring every widget in line with it."""
        before = self.review.session
        self.review.session = session
        options = self.query_one("#findings", OptionList)
        for index, finding in enumerate(session.findings):
            if decision_of(before, finding) != decision_of(session, finding):
                options.replace_option_prompt_at_index(index, finding_line(finding, self._status_of(finding)))
        if session.findings and options.highlighted != session.index:
            options.highlighted = session.index
        shown = current(session)
        self.query_one("#progress", Static).update(self._title(session))
        self.query_one("#detail", Static).update(finding_detail(session))
        if shown is None or shown is not self._evidence_of:
            # Only a move redraws the evidence (and scrolls it back up); a decision keeps it.
            self.query_one("#evidence-body", Static).update(evidence_table(shown, self.review.articles))
            self.query_one("#evidence", VerticalScroll).scroll_home(animate=False)
            self._evidence_of = shown

    def _title(self, session: ReviewSession) -> Text:
        title = Text("reconcile review", style="bold")
        title.append(f"  {progress(session)}", style="dim")
        if self.review.unsaved(session):
            title.append("  (unsaved)", style="yellow")
        return title

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.review.session.index:
            self.show(go_to(self.review.session, event.option_index))

    def action_next(self) -> None:
        self.show(next_finding(self.review.session))

    def action_previous(self) -> None:
        self.show(previous_finding(self.review.session))

    def action_accept(self) -> None:
        if current(self.review.session) is not None:
            self.show(next_finding(decide(self.review.session, "accepted")))

    def action_ignore(self) -> None:
        finding = current(self.review.session)
        if finding is None:
            return

        def ignored(reason: str | None) -> None:
            if reason is not None:
                self.show(next_finding(decide(self.review.session, "ignored", reason)))

        self.app.push_screen(IgnoreScreen(finding), ignored)

    def action_undo(self) -> None:
        self.show(undo(self.review.session))

    def action_save(self) -> None:
        if self.review.save():
            self.show(self.review.session)

    def action_quit_review(self) -> None:
        if self.review.save():
            self.app.exit(True)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_scroll_evidence(self, direction: int) -> None:
        evidence = self.query_one("#evidence", VerticalScroll)
        evidence.scroll_relative(y=direction * max(1, evidence.size.height - 1), animate=False)


class ReviewApp(App[bool]):
    """Step through a session's findings and decide on each. `exit` returns True when
    the review was saved on the way out (q), False otherwise (ctrl+q)."""

    TITLE = "reconcile review"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    FindingsScreen { layout: vertical; }
    #progress { height: 1; padding: 0 1; background: $panel; }
    #findings { height: auto; max-height: 8; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis; }
    #detail { height: auto; max-height: 5; padding: 0 1; background: $boost; }
    #evidence { height: 1fr; padding: 0 1; }
    IgnoreScreen, HelpScreen { align: center middle; }
    #ignore-box { width: 76; height: auto; padding: 1 2; border: thick $accent; background: $surface; }
    #ignore-finding { margin: 1 0; }
    #help-box { width: 76; height: auto; padding: 1 2; border: thick $accent; background: $surface; }
    #help-title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(
        self,
        session: ReviewSession,
        articles: Mapping[str, Article],
        baseline_path: str,
        save: Callable[[ReviewSession, str], int] = ignored_to_baseline,
    ) -> None:
        super().__init__()
        self.session = session
        self.articles = dict(articles)
        self.baseline_path = baseline_path
        self._save = save
        self.saved_decisions = dict(session.decisions)
        self.saved_count: int | None = None

    def on_mount(self) -> None:
        self.push_screen(FindingsScreen())

    def unsaved(self, session: ReviewSession) -> bool:
        return dict(session.decisions) != self.saved_decisions

    def save(self) -> bool:
        """Write the ignored findings to the baseline; say so, or say why not."""
        try:
            self.saved_count = self._save(self.session, self.baseline_path)
        except BaselineError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return False
        self.saved_decisions = dict(self.session.decisions)
        self.notify(
            f"{self.baseline_path}: {self.saved_count} finding{'' if self.saved_count == 1 else 's'} in the baseline", title="Saved"
        )
        return True


__all__ = ["FindingsScreen", "HelpScreen", "IgnoreScreen", "ReviewApp", "evidence_table", "finding_detail", "finding_line"]
