"""Answers that fit: the relevance check, offers answered in words, personal-advice declines, the
unanswered-questions log and the real-question evaluation (issue 12)."""
