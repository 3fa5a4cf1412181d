"""`reconcile review`: analyse the inputs as `reconcile report` does and open the review.

Textual is an optional extra: without it the command says how to install it, in one line,
and exits 2. On the way out, accepted findings are printed on stdout (to paste into a
ticket) and where the ignored ones went on stderr.
"""

from __future__ import annotations

import sys

import click

from .app import main
from .options import say, fail, overlap_settings_from, read_articles, say_status, input_options, overlap_options, vocab_option
from ..render.sarif import DocumentPositions
from ..review import DEFAULT_BASELINE, accepted_summary, read_reasons, start_session, with_status


INSTALL_HINT = "reconcile review needs Textual: pip install 'reconcile[review]'"


def load_app_class():
    """The Textual app class, or exit 2 with the install line when Textual is missing."""
    try:
        from ..review.app import ReviewApp
    except ImportError as error:
        if (getattr(error, "name", None) or "").split(".")[0] == "textual":
            fail(INSTALL_HINT)
        raise
    return ReviewApp


@main.command("review", short_help="Step through findings and accept or ignore each (interactive).")
@input_options
@overlap_options
@vocab_option
@click.option(
    "--baseline",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="Baseline file: the findings it records start as ignored, and the ignored ones are saved to it (merged with what it holds).",
)
@click.option("--show-agreements", is_flag=True, help="Review agreements too, not only conflicts and variants.")
def review_command(paths, encoding, published, max_bytes, shingle_size, num_perm, seed, min_similarity, vocab, baseline, show_agreements):
    """Review the findings on these articles in the terminal: step through them, see the
    evidence side by side, accept each (a real problem) or ignore it with a reason.

    Keys: j/k or arrows move, a accept, i ignore, u undo, s save, q save and quit,
    ? help. Ignored findings are saved to the baseline file, so `reconcile report
    --baseline FILE` no longer reports them; accepted ones are printed when you quit.
    """
    app_class = load_app_class()
    if not is_interactive():
        fail("reconcile review is interactive: run it in a terminal (for a report to read or pipe, use reconcile report)")
    from ..pipeline import AnalysisOptions, analyse

    recorded = read_reasons(baseline)  # before the analysis, so that a broken baseline fails at once
    inputs = read_articles(paths, encoding, published, max_bytes)
    settings = overlap_settings_from(shingle_size, num_perm, seed, min_similarity)
    report = analyse(inputs.articles, AnalysisOptions(overlap=settings, vocab=tuple(vocab)), inputs.problems)
    session = start_session(report, show_agreements, recorded)
    app = app_class(session, {a.id: a for a in report.documents}, baseline)
    saved = app.run()
    click.echo(accepted_summary(app.session, DocumentPositions(report.documents)), nl=False)
    finish_line(app, bool(saved))
    sys.exit(2 if inputs.problems else 0)


def is_interactive() -> bool:
    """Whether a person is at the terminal: the app needs its keyboard and its screen."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def finish_line(app, saved: bool) -> None:
    """Where the decisions went, on stderr."""
    ignored = len(with_status(app.session, "ignored"))
    if saved:
        say_status(
            f"{ignored} ignored finding{'' if ignored == 1 else 's'} of this review saved to {app.baseline_path} "
            f"({app.saved_count} in the baseline)"
        )
    elif app.unsaved(app.session):
        say(f"quit without saving: the decisions since the last save are not in {app.baseline_path}")


__all__ = ["INSTALL_HINT", "load_app_class", "review_command"]
