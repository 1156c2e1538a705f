"""Spoken answers: transcription (behind a small seam), audio checks and delivery feedback.

Importing this package is cheap: faster-whisper is imported only when a model is loaded.
"""
