"""Clinical decisions: one row per approval or return, with the decided version's content, so the last
approved version can still be served while a newer one waits for review."""
from __future__ import annotations

from sqlalchemy import JSON, Column, Date, DateTime, Index, Integer, String, Text

from bot.db import Base, utcnow


class ClinicalDecision(Base):
    __tablename__ = "clinical_decisions"
    __table_args__ = (Index("ix_clinical_decisions_item", "item_key", "id"),)

    id = Column(Integer, primary_key=True)
    item_key = Column(String(64), nullable=False)  # "content:cost", "fact:seizure_rate", "hotlines", ...
    version = Column(String(64), nullable=False)  # SHA-256 of the item's canonical form (items.version_of)
    decision = Column(String(16), nullable=False)  # "approved" or "returned"
    content = Column(JSON, nullable=False)  # the canonical form that was decided on
    reviewer = Column(String(64), nullable=False)
    decided_at = Column(DateTime, nullable=False, default=utcnow)
    review_due = Column(Date, nullable=True)  # approvals only: when it must be reviewed again
    comment = Column(Text, nullable=True)  # why it was returned (or a note on an approval)
