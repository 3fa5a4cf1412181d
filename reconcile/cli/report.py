"""`reconcile report` and `reconcile overlaps`, and what every findings command does with its
report once made: baseline, render, exit code."""

from __future__ import annotations

import dataclasses
import sys
from typing import NoReturn

from ..baseline import apply_baseline, read_baseline, write_baseline
from ..ingest import Inputs
from ..model import SEVERITY_RANK, Report
from ..render import RenderOptions, renderer
from ..selection import apply_selection
from .app import FindingsOptions, findings_options, findings_options_of, main
from .options import (
    colour_console,
    engine_options,
    exclude_option,
    input_options,
    output_options,
    overlap_options,
    overlap_settings_from,
    passage_output_options,
    read_articles,
    say_status,
    stage_progress,
    terminal,
    text_width,
    write_output,
)


@main.command(short_help="Findings, shared passages, and what was set aside.")
@input_options
@exclude_option
@output_options
@overlap_options
@engine_options
@findings_options(fail_on_default="never")
def report(
    paths, encoding, published, max_bytes, exclude, stdin_filename, shingle_size, num_perm, seed, min_similarity, vocab, engine, **options
):
    """The consistency report: findings, shared passages, and what was set aside."""
    from ..pipeline import AnalysisOptions, analyse

    finish = findings_options_of(options)
    fingerprints = read_baseline_first(finish.baseline)
    settings = overlap_settings_from(shingle_size, num_perm, seed, min_similarity)
    analysis = AnalysisOptions(overlap=settings, vocab=tuple(vocab))
    with stage_progress() as stage:
        stage("reading the inputs")
        inputs = read_articles(paths, encoding, published, max_bytes, exclude, stdin_filename)
        result = with_inputs(analyse(inputs.articles, analysis, inputs.problems, engine=engine, on_stage=stage), inputs)
    finish_report(result, inputs, fingerprints, finish)


@main.command()
@input_options
@exclude_option
@passage_output_options
@overlap_options
@engine_options
def overlaps(
    paths, encoding, published, max_bytes, exclude, stdin_filename, fmt, output, width, shingle_size, num_perm, seed, min_similarity, engine
):
    """Only the passages that articles share."""
    from ..pipeline import AnalysisOptions, analyse

    settings = overlap_settings_from(shingle_size, num_perm, seed, min_similarity)
    with stage_progress() as stage:
        stage("reading the inputs")
        inputs = read_articles(paths, encoding, published, max_bytes, exclude, stdin_filename)
        result = analyse(inputs.articles, AnalysisOptions(overlap=settings, claims=False), inputs.problems, engine=engine, on_stage=stage)
    result = with_inputs(result, inputs)
    _emit(result, fmt, output, width, RenderOptions(sections=("overlaps", "set-aside"), command="overlaps"))
    sys.exit(2 if inputs.problems else 0)


def with_inputs(result: Report, inputs: Inputs) -> Report:
    """The report with what reading did: files read, and those a folder walk passed over."""
    return dataclasses.replace(result, files_read=inputs.files_read, skipped=list(inputs.skipped))


def read_baseline_first(path: str | None) -> frozenset[str] | None:
    """Read before any analysis, so that a missing baseline fails at once."""
    if path is None:
        return None
    return read_baseline(path)


def finish_report(
    result: Report, inputs: Inputs, fingerprints: frozenset[str] | None, options: FindingsOptions, command: str = "report"
) -> NoReturn:
    """Baseline, render, exit: the same for every command that reports findings."""
    wrote = False
    if options.write_baseline:
        count = write_baseline(options.write_baseline, result.findings)
        say_status(f"wrote {count} finding{'' if count == 1 else 's'} to the baseline {options.write_baseline}")
        wrote = True
    result = apply_selection(result, options.selection)
    if fingerprints is not None:
        result = apply_baseline(result, fingerprints)
    # Reports for reading put findings first and count the shared passages; a page or a
    # machine format has room for everything.
    brief = options.fmt in ("text", "markdown") and not options.passages
    sections = ("findings", "set-aside") if brief else ("findings", "overlaps", "set-aside")
    render = RenderOptions(show_agreements=options.show_agreements, sections=sections, command=command)
    _emit(result, options.fmt, options.output, options.width, render)
    if inputs.problems:
        sys.exit(2)
    if options.exit_zero or wrote:
        sys.exit(0)
    sys.exit(exit_code(result, options.fail_on))


def exit_code(result: Report, fail_on: str) -> int:
    """1 when any finding is at or above the `fail_on` severity, else 0. Suppressed
    findings (already in a baseline) do not count."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings) else 0


def _emit(result: Report, fmt: str, output: str, width: int | None, render_options: RenderOptions) -> None:
    def write(stream, to_file: bool) -> None:
        from ..render.text import print_report, render_text

        if fmt == "text" and not to_file and terminal().colour(stream):
            print_report(result, colour_console(stream, width), render_options)
        elif fmt == "text":
            stream.write(render_text(result, render_options, width=text_width(width, None if to_file else stream)))
        else:
            stream.write(renderer(fmt)(result, render_options))

    write_output(output, "report", write)
