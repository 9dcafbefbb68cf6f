import pytest
from wagtail.models import Locale

from providers.factories import PartnerPageFactory
from providers.models import CourseIndexPage


@pytest.fixture
def course_index():
    return CourseIndexPage.objects.get(locale=Locale.get_default())


@pytest.fixture
def partner(course_index):
    """A partner page of its own, so tests can count courses without the demo courses."""
    return PartnerPageFactory(parent=course_index)
