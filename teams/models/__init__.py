from .audit import AuditEntry
from .judging import (
    Comparison,
    ConflictOfInterest,
    Criterion,
    Judge,
    JudgeAssignment,
    JudgingMode,
    PairwiseRating,
    PairwiseSeen,
    Score,
    Vote,
)
from .settings import HackathonSettings
from .submissions import Prize, Submission, SubmissionVersion, Track
from .teams import JoinRequest, JoinRequestStatus, LookingForTeam, Membership, Team

__all__ = [
    "AuditEntry",
    "Comparison",
    "ConflictOfInterest",
    "Criterion",
    "HackathonSettings",
    "JoinRequest",
    "JoinRequestStatus",
    "Judge",
    "JudgeAssignment",
    "JudgingMode",
    "LookingForTeam",
    "Membership",
    "PairwiseRating",
    "PairwiseSeen",
    "Prize",
    "Score",
    "Submission",
    "SubmissionVersion",
    "Team",
    "Track",
    "Vote",
]
