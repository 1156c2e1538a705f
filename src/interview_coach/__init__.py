"""Interview Coach: rehearse "What are your career aspirations?" and get graded, evidence-backed feedback."""

__version__ = "0.1.0"
