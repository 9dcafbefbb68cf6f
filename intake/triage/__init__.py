"""The triage back office: staff work their queues, one request at a time."""
