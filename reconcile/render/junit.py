"""The report as JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One test suite, "reconcile"; one test case per article under check (the new articles of
`reconcile check`, else every article read), named by its path. Each conflict or variant
of severity error or warning with evidence in that article is a <failure>; the other
findings that touch it (info, agreements, baseline-suppressed) are listed in its
<system-out>. An input that could not be read is a test case with an <error>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Finding, Report
from . import RenderOptions
from .sarif import DocumentPositions, checked_ids

SUITE = "reconcile"
CLASSNAME = "reconcile"

# Characters XML 1.0 cannot carry at all, even escaped (controls, surrogates, U+FFFE/FFFF).
# Hostile input can hold them; written as-is they would make the whole file unparseable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def is_failure(finding: Finding) -> bool:
    return finding.status in ("conflict", "variant") and finding.severity in ("error", "warning")


def evidence_lines(finding: Finding, positions: DocumentPositions) -> list[str]:
    lines = []
    for span in finding.evidence:
        region = positions.region(span)
        where = positions.path(span.doc) + (f":{region[0]}:{region[1]}" if region else "")
        lines.append(f"  {where} [{span.start}:{span.end}] \u201c{span.text}\u201d")
    return lines


def _testcase(suite: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": CLASSNAME, "name": xml_safe(name)})


def article_testcase(suite: ET.Element, doc_id: str, findings: list[tuple[Finding, bool]], positions: DocumentPositions) -> bool:
    """Adds the test case of one article; True when it failed."""
    case = _testcase(suite, positions.path(doc_id))
    mine = [(f, s) for f, s in findings if any(span.doc == doc_id for span in f.evidence)]
    failures = [f for f, suppressed in mine if not suppressed and is_failure(f)]
    for finding in failures:
        failure = ET.SubElement(case, "failure", {"message": xml_safe(finding.message), "type": f"{finding.kind}/{finding.status}"})
        failure.text = xml_safe("\n".join([f"{finding.severity}: {finding.message}"] + evidence_lines(finding, positions)))
    rest = [(f, s) for f, s in mine if s or not is_failure(f)]
    if rest:
        out = ET.SubElement(case, "system-out")
        lines = []
        for finding, suppressed in rest:
            note = " (in baseline)" if suppressed else ""
            lines.append(f"{finding.status} {finding.kind} {finding.severity}{note}: {finding.message}")
            lines += evidence_lines(finding, positions)
        out.text = xml_safe("\n".join(lines))
    return bool(failures)


def junit_tree(report: Report) -> ET.Element:
    positions = DocumentPositions(report.documents)
    findings = [(f, False) for f in report.findings] + [(f, True) for f in report.suppressed]
    root = ET.Element("testsuites", {"name": SUITE})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE})
    checked = checked_ids(report)
    failed = sum(article_testcase(suite, doc_id, findings, positions) for doc_id in checked)
    for problem in report.problems:
        case = _testcase(suite, problem.path)
        error = ET.SubElement(case, "error", {"message": xml_safe(problem.message), "type": "unreadable-input"})
        error.text = xml_safe(f"{problem.path}: {problem.message}")
    counts = {"tests": len(checked) + len(report.problems), "failures": failed, "errors": len(report.problems), "skipped": 0}
    for element in (root, suite):
        element.attrib.update({k: str(v) for k, v in counts.items()})
    return root


def render_junit(report: Report, options: RenderOptions = RenderOptions()) -> str:
    root = junit_tree(report)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
