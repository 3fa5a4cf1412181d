"""`reconcile check`: new articles against an archive, for CI."""

from __future__ import annotations

import dataclasses

import click

from .app import INDEX_OPTIONS, explicit, findings_options, findings_options_of, main
from .index import open_archive_for
from .options import fail, read_articles, engine_options, exclude_option, input_options, output_options, overlap_options, stage_progress
from .report import finish_report, read_baseline_first, with_inputs


@main.command(short_help="Check new articles against an archive.")
@input_options
@exclude_option
@click.option(
    "--against",
    metavar="ARCHIVE",
    help="The archive to check against: a SQLite file, or redis://host:port/db (or `against` in the config).",
)
@output_options
@overlap_options
@engine_options
@findings_options(fail_on_default="error")
@click.pass_context
def check(
    ctx,
    paths,
    against,
    encoding,
    published,
    max_bytes,
    exclude,
    stdin_filename,
    shingle_size,
    num_perm,
    seed,
    min_similarity,
    vocab,
    engine,
    **options,
):
    """Check new articles against an archive: reused passages, and facts that contradict it.

    Only the archived articles that share passages with a new one are read, so a check
    costs as much as its matches. Fails (exit 1) on errors by default, for CI.
    """
    from ..archive.check import check_articles
    from ..pipeline import AnalysisOptions

    if not against:
        fail("check needs an archive: give --against ARCHIVE, or set `against` in reconcile.toml or [tool.reconcile] of pyproject.toml")
    finish = findings_options_of(options)
    fingerprints = read_baseline_first(finish.baseline)
    overrides = explicit(ctx, (*INDEX_OPTIONS, "min_similarity"))
    with stage_progress() as stage:
        stage("reading the inputs")
        inputs = read_articles(paths, encoding, published, max_bytes, exclude, stdin_filename)
        with open_archive_for(against, overrides, create=False, vocab=tuple(vocab)) as archive:
            settings = dataclasses.replace(archive.settings, **overrides)
            analysis = AnalysisOptions(overlap=settings, vocab=tuple(vocab))
            stage(f"checking {len(inputs.articles)} articles against {against}")
            result = with_inputs(check_articles(inputs.articles, archive, analysis, inputs.problems, engine=engine), inputs)
    finish_report(result, inputs, fingerprints, finish, command="check")
