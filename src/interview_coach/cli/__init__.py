"""The `interview-coach` command line."""

from .main import main

__all__ = ["main"]
