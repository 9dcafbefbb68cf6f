"""What a course or a funding module can be: the choices that forms, models and demo content share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BausteinCode(models.TextChoices):
    """The Förderbausteine of the state initiative; Aachen does not offer F3."""

    F1 = "F1", _("F1 Coaching")
    F2 = "F2", _("F2 In-work qualification and language support")
    F3 = "F3", _("F3 (not offered in Aachen)")
    F4 = "F4", _("F4 School, training and job preparation courses, youth integration courses")
    F5 = "F5", _("F5 Innovation fund")
    F6 = "F6", _("F6 Participation management")


class CourseKind(models.TextChoices):
    LANGUAGE = "language", _("Language course")
    INTEGRATION = "integration", _("Youth integration course")
    SCHOOL = "school", _("School and job preparation")
    QUALIFICATION = "qualification", _("Qualification")
    COACHING = "coaching", _("Coaching")
    PARTICIPATION = "participation", _("Participation management")
    PROJECT = "project", _("Project")


class GermanLevel(models.TextChoices):
    """CEFR levels; their codes sort in level order, so the database can compare them."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
