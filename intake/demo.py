"""Demo content for the appointment requests: the form page, queues, routing rules and sample requests.

Runs after ``home`` and ``providers``; running it again changes nothing.
"""

import json
import uuid
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import Locale, Page

from home.demo import translated_contents
from home.models import ContactSettings, HomePage
from intake.models import IntakeRequest, Queue, RoutingRule
from intake.pages import IntakeFormPage
from intake.services import submit
from intake.workflow import Status
from portal.demo import staff_group, upsert_page
from portal.roles import CITY_GROUP, PARTICIPATION_MANAGEMENT_GROUP
from portal.translation import publish_translation, segment_translations, sync_translations
from providers.models import Provider

WAITLIST_EMAIL = "fb56@example.org"

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"

# provider slug → demo user who works that provider's queue
QUEUE_STAFF = {"stadt-aachen": "tm-stadt", "low-tec": "tm-lowtec", "qualitec": "tm-qualitec"}

RULES = [
    {
        "name": "Dari und Paschtu → QualiTec",
        "sort_order": 10,
        "languages": ["fa-af", "ps"],
        "provider": "qualitec",
    },
    {
        "name": "Ausbildung mit Gestattung → low-tec",
        "sort_order": 20,
        "topics": ["training"],
        "residence_statuses": ["gestattung"],
        "provider": "low-tec",
    },
    {
        "name": "Schulabschluss unter 21 → Stadt Aachen",
        "sort_order": 30,
        "topics": ["school_certificate"],
        "max_age": 20,
        "provider": "stadt-aachen",
    },
]

# (first name, languages, topics, residence status, age, postcode, statuses after "new")
SAMPLES = [
    ("Ahmad", ["fa-af", "de"], ["training"], "duldung", 21, "52062", []),
    ("Mariam", ["ps"], ["german_course"], "duldung", 19, "52064", [Status.CONTACTED]),
    ("Yusuf", ["ar"], ["work"], "gestattung", 24, "52066", [Status.CONTACTED, Status.APPOINTMENT_SCHEDULED]),
    ("Fatoumata", ["fr"], ["training"], "gestattung", 20, "52068", [Status.APPOINTMENT_SCHEDULED, Status.APPEARED]),
    (
        "Bilal",
        ["ur", "en"],
        ["work"],
        "duldung",
        26,
        "52070",
        [Status.APPOINTMENT_SCHEDULED, Status.APPEARED, Status.ADMITTED],
    ),
    (
        "Shirin",
        ["ckb"],
        ["school_certificate"],
        "duldung",
        18,
        "52072",
        [Status.CONTACTED, Status.APPOINTMENT_SCHEDULED, Status.APPEARED, Status.ADMITTED, Status.REFERRED_TO_COACHING],
    ),
    (
        "Arben",
        ["sq", "de"],
        ["training"],
        "duldung",
        22,
        "52074",
        [Status.APPOINTMENT_SCHEDULED, Status.APPEARED, Status.ADMITTED, Status.PLACED_IN_MEASURE],
    ),
    ("Rahim", ["bn"], ["work"], "undisclosed", 25, "52076", [Status.CONTACTED, Status.NOT_INTERESTED]),
    ("Dragana", ["sr"], ["german_course"], "duldung", 23, "52078", [Status.APPOINTMENT_SCHEDULED, Status.NO_SHOW]),
    ("Hassan", ["ar", "de"], ["coaching"], "gestattung", 27, "52080", [Status.UNREACHABLE]),
    ("Zainab", ["fa-af"], ["school_certificate"], "duldung", 19, "52062", [Status.CONTACTED]),
    (
        "Nawid",
        ["ps", "fa-af"],
        ["training", "work"],
        "duldung",
        20,
        "52064",
        [Status.CONTACTED, Status.APPOINTMENT_SCHEDULED, Status.APPEARED, Status.ADMITTED, Status.CLOSED],
    ),
    ("Berivan", ["kmr"], ["german_course", "coaching"], "gestattung", 21, "52066", []),
    ("Omar", ["ar"], ["other"], "other", 30, "52146", []),
    ("Aisha", ["en", "fr"], ["training"], "gestattung", 18, "52068", [Status.CONTACTED]),
    ("Samir", ["ar"], ["work"], "duldung", 24, "52070", [Status.DUPLICATE]),
    ("Leyla", ["ckb", "de"], ["school_certificate", "german_course"], "duldung", 17, "52072", []),
    ("Jamal", ["ur"], ["coaching"], "duldung", 22, "52074", [Status.APPOINTMENT_SCHEDULED]),
    (
        "Elira",
        ["sq"],
        ["work"],
        "undisclosed",
        25,
        "52076",
        [Status.CONTACTED, Status.APPOINTMENT_SCHEDULED, Status.APPEARED],
    ),
    (
        "Karim",
        ["fa-af"],
        ["german_course"],
        "gestattung",
        20,
        "52078",
        [Status.APPOINTMENT_SCHEDULED, Status.APPEARED, Status.ADMITTED, Status.PLACED_IN_MEASURE],
    ),
]
SAMPLE_NAMESPACE = uuid.UUID("5b0c3c52-4a8e-4f55-9d77-1f3b5e0c2a11")


def load_form_content():
    with open(CONTENT_DIR / "de.json", encoding="utf-8") as content_file:
        return json.load(content_file)


def seed_form_page(content):
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    page, _changed = upsert_page(home, IntakeFormPage, "anfrage", **content)
    contact = ContactSettings.load()
    if contact.appointment_page_id != page.pk:
        contact.appointment_page = page
        contact.save()
    # The home page points at the form; the link is synchronised to every language's
    # home page through wagtail-localize, and the template shows the form's translation.
    if home.call_to_action_id != page.pk:
        home.call_to_action = page
        home.save_revision().publish()
    sync_translations(home)
    return page


def seed_queues():
    """A queue and a staff group per Teilhabemanagement provider, and the city's waitlist."""
    queues = {}
    User = get_user_model()
    for provider in Provider.objects.filter(offers_participation_management=True):
        group = staff_group(f"Teilhabemanagement {provider.short_name}")
        queue, _created = Queue.objects.get_or_create(
            provider=provider,
            defaults={"name": f"Teilhabemanagement {provider.short_name}", "slug": provider.slug, "staff_group": group},
        )
        if queue.staff_group_id != group.pk:
            queue.staff_group = group
            queue.save(update_fields=["staff_group"])
        username = QUEUE_STAFF.get(provider.slug)
        if username:
            User.objects.get(username=username).groups.add(group)
        queues[provider.slug] = queue
    waitlist = Queue.objects.waitlist()
    if waitlist.email != WAITLIST_EMAIL:
        waitlist.email = WAITLIST_EMAIL
        waitlist.save(update_fields=["email"])
    queues["waitlist"] = waitlist
    return queues


# Teilhabemanagement staff work requests; which ones is decided by their queue's staff group.


def intake_permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="intake", codename__in=codenames)


def seed_permissions():
    """City staff edit the routing rules and work (and add invitations to) every queue; TM staff work theirs."""
    city = staff_group(CITY_GROUP)
    city.permissions.add(
        *intake_permissions(
            "add_routingrule",
            "change_routingrule",
            "delete_routingrule",
            "view_routingrule",
            "add_intakerequest",
            "change_intakerequest",
            "view_intakerequest",
        )
    )
    tm = staff_group(PARTICIPATION_MANAGEMENT_GROUP)
    tm.permissions.add(*intake_permissions("change_intakerequest", "view_intakerequest"))


def seed_rules():
    providers = {provider.slug: provider for provider in Provider.objects.all()}
    for data in RULES:
        fields = {
            "sort_order": data["sort_order"],
            "languages": data.get("languages", []),
            "topics": data.get("topics", []),
            "residence_statuses": data.get("residence_statuses", []),
            "min_age": data.get("min_age"),
            "max_age": data.get("max_age"),
            "provider": providers[data["provider"]],
        }
        rule, created = RoutingRule.objects.get_or_create(name=data["name"], defaults=fields)
        if not created and any(getattr(rule, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(rule, name, value)
            rule.save()


def seed_requests():
    """Sample requests spread over the statuses, so the back office is not empty."""
    User = get_user_model()
    now = timezone.now()
    created = 0
    for index, (name, languages, topics, residence_status, age, postcode, path) in enumerate(SAMPLES):
        token = uuid.uuid5(SAMPLE_NAMESPACE, str(index))
        data = {
            "given_name": name,
            "family_name": "Beispiel",
            "phone": f"+49176100000{index:02d}",
            "email": "",
            "contact_channel": "phone" if index % 3 else "sms",
            "languages": languages,
            "topics": topics,
            "residence_status": residence_status,
            "birth_year": now.year - age,
            "postcode": postcode,
            "message": "",
        }
        intake_request, is_new = submit(data, token, language=languages[0] if languages[0] != "other" else "de")
        if not is_new:
            continue
        created += 1
        received = now - timedelta(days=len(SAMPLES) - index, hours=index)
        IntakeRequest.objects.filter(pk=intake_request.pk).update(created_at=received, consented_at=received)
        intake_request.status_changes.update(changed_at=received)
        staff = User.objects.filter(groups=intake_request.queue.staff_group).first()
        for status in path:
            intake_request.transition(status, by=staff, reason="Beispieldaten")
    return created


def seed_form_translations(page, content, stdout):
    """The form page in every language that has a ``demo_content/<lang>.json`` and a translated home page."""
    home = page.get_parent()
    languages = []
    for locale, translated in translated_contents(CONTENT_DIR):
        if not Page.objects.filter(translation_key=home.translation_key, locale=locale, alias_of=None).exists():
            stdout.write(f"Skipped the form page in {locale.language_code}: the home page is not translated.")
            continue
        try:
            strings = segment_translations(content, translated, f"{locale.language_code}.json")
        except ValueError as error:
            stdout.write(f"Skipped a translation that does not match de.json: {error}")
            continue
        publish_translation(page, locale, strings)
        languages.append(locale.language_code)
    return languages


def seed(stdout):
    content = load_form_content()
    page = seed_form_page(content)
    languages = seed_form_translations(page, content, stdout)
    queues = seed_queues()
    seed_permissions()
    seed_rules()
    created = seed_requests()
    stdout.write(
        f"Appointment requests: form at {page.url_path} (translated into {', '.join(languages) or 'no language yet'}), "
        f"{len(queues)} queues, {len(RULES)} routing rules, "
        f"{created} new sample requests."
    )
