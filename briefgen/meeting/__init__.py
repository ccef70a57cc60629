"""Meetings: a briefing for one meeting, the series of earlier ones, and their follow-up.

An official prepares a minister for a meeting with several agenda points; what was said
and agreed at the earlier meetings of its kind is part of that preparation. The meeting
itself comes from a TOML file (``examples/meeting-top-2025.toml``). The earlier meetings
are found in the corpus, never supplied: a summit's own declaration, and every sentence
that names a meeting of a series (``briefgen/data/meetings.toml`` lists the series words,
places and the grouping rule). Each agenda point is a theme briefing (select, classify,
compose); the commitments of the last meetings are followed up with the later passages
that speak of the same subject: which subject a sentence is about is read from the theme
catalogue's terms, the curated vocabulary every briefing already uses. Nothing here
judges: a commitment is "mentioned later" or has "no later mention", with the quotes.

The modules, in the order of the flow: ``lexicon`` (meetings.toml), ``spec`` (the
meeting file), ``mentions`` (sentences naming a meeting), ``found`` (the meetings they
group into), ``follow_up`` (what was agreed, later mentions), ``briefing`` (the whole
meeting briefing), ``output`` (its data model and files). Callers import from here.
"""

from __future__ import annotations

from briefgen.meeting.briefing import (
    SERIES_AGREED_MAX,
    AgendaPoint,
    MeetingBriefing,
    SeriesEntry,
    build_meeting,
)
from briefgen.meeting.follow_up import (
    FOLLOW_UP_CANDIDATES,
    FOLLOW_UP_LATER_MAX,
    MIN_SHARED_WEIGHT,
    MIN_SUBJECT_WEIGHT,
    FollowUp,
    Status,
    Subjects,
    agreed,
    later_mentions,
    reports,
)
from briefgen.meeting.found import (
    MENTION_CANDIDATES,
    FoundMeetings,
    MeetingDate,
    PastMeeting,
    SeriesStart,
    describe,
    find_meetings,
    limit_to_meeting,
    meeting_passages,
)
from briefgen.meeting.lexicon import LEXICON_PATH, MeetingLexicon, Series, load_meeting_lexicon
from briefgen.meeting.mentions import EDITION_REACH, Mention, Precision, mentions_in
from briefgen.meeting.output import MEETING_TEMPLATE, STATUS_LABELS, meeting_data, render_meeting
from briefgen.meeting.spec import (
    EXAMPLE_HINT,
    FOLLOW_UP_DEFAULT,
    AgendaSpec,
    MeetingSpec,
    load_meeting_file,
)

__all__ = [
    "EDITION_REACH",
    "EXAMPLE_HINT",
    "FOLLOW_UP_CANDIDATES",
    "FOLLOW_UP_DEFAULT",
    "FOLLOW_UP_LATER_MAX",
    "LEXICON_PATH",
    "MEETING_TEMPLATE",
    "MENTION_CANDIDATES",
    "MIN_SHARED_WEIGHT",
    "MIN_SUBJECT_WEIGHT",
    "SERIES_AGREED_MAX",
    "STATUS_LABELS",
    "AgendaPoint",
    "AgendaSpec",
    "FollowUp",
    "FoundMeetings",
    "MeetingBriefing",
    "MeetingDate",
    "MeetingLexicon",
    "MeetingSpec",
    "Mention",
    "PastMeeting",
    "Precision",
    "Series",
    "SeriesEntry",
    "SeriesStart",
    "Status",
    "Subjects",
    "agreed",
    "build_meeting",
    "describe",
    "find_meetings",
    "later_mentions",
    "limit_to_meeting",
    "load_meeting_file",
    "load_meeting_lexicon",
    "meeting_data",
    "meeting_passages",
    "mentions_in",
    "render_meeting",
    "reports",
]
