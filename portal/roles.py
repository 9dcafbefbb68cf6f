"""The staff groups of the back office, by name.

Demo seeding and the apps' permission checks name a group through these
constants; what a member of a group may do is decided by the app that owns
the data (for requests: ``intake.permissions``).
"""

CITY_GROUP = "Stadt Aachen (FB 56)"
PARTICIPATION_MANAGEMENT_GROUP = "Teilhabemanagement"
PARTNER_EDITORS_GROUP = "Partnerredaktion"
