"""Quizzes: the file format, loading, attempt layouts and scoring."""
