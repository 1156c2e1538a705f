"""Interview Coach: rehearse "What are your career aspirations?" and get graded feedback."""

__version__ = "0.1.0"
