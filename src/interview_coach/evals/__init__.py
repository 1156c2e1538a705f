"""Eval suites: labelled answers, a concurrent runner over any Grader, metrics and reports."""
