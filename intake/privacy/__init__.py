"""A person's data protection: subject rights, retention, the audit log and the privacy notice."""
