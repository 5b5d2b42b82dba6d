"""The crisis-to-staff path: an escalation per crisis, its notifications, and the ways it survives outages.

`service.escalate()` is the one entry the adapters call. Underneath: `record` (one escalation per message,
repeats attached to the open one), `outbox` (notifications, at least once), `spool` (a local hand-off while
the database is down), `sweeper` (crisis turns recovered from Rasa's tracker store) and `worker` (the
process that runs them). `categories` holds each category's priority, label and the default.
"""
