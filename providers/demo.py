"""The partner organisations named in the council's report on the initiative in Aachen, their pages and offers.

Texts live in ``demo_content/<lang>.json`` (German is the source); the facts
that are the same in every language (dates, levels, places) in ``demo_content/facts.json``. Course
dates are relative to the day of seeding, so the demo always shows ongoing,
upcoming and one ended course.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page, Workflow, WorkflowPage, WorkflowTask
from wagtail.models.workflows import GroupApprovalTask

from home.demo import translated_contents
from home.models import HomePage
from portal.demo import staff_group, upsert_page
from portal.roles import CITY_GROUP, PARTNER_EDITORS_GROUP
from portal.translation import publish_translation, segment_translations
from providers.choices import BausteinCode
from providers.models import CourseIndexPage, CoursePage, FundingModule, PartnerPage, Provider

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"

# The partners (slug → fields; roles and funding modules follow the report, Vorlage FB 56/0057/WP18),
# their course locations (key → place, address) and courses (slug → partner and facts; "start"/"end"
# are days from today, null for open).
with open(CONTENT_DIR / "facts.json", encoding="utf-8") as facts_file:
    FACTS = json.load(facts_file)
PROVIDERS, LOCATIONS, COURSES = FACTS["providers"], FACTS["locations"], FACTS["courses"]


def seed_funding_modules():
    for code in BausteinCode.values:
        FundingModule.objects.get_or_create(code=code)


def seed_providers():
    providers = {}
    for slug, data in PROVIDERS.items():
        fields = dict(data)
        modules = fields.pop("modules")
        if "participation_staff_fte" in fields:
            fields["participation_staff_fte"] = Decimal(fields["participation_staff_fte"])
        provider, created = Provider.objects.get_or_create(slug=slug, defaults=fields)
        if not created:
            changed = [name for name, value in fields.items() if getattr(provider, name) != value]
            if changed:
                for name in changed:
                    setattr(provider, name, fields[name])
                provider.save(update_fields=changed)
        if set(provider.funding_modules.values_list("code", flat=True)) != set(modules):
            provider.funding_modules.set(modules)
        providers[slug] = provider
    return providers


WORKFLOW_NAME = "Freigabe durch die Stadt"
APPROVAL_TASK_NAME = "Prüfung durch FB 56"
# demo user → provider slug whose pages they edit
PARTNER_EDITORS = {"editor-vhs": "vhs-aachen", "editor-lowtec": "low-tec"}
PARTNER_PAGE_PERMISSIONS = ["add_page", "change_page"]
CITY_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def load_content(language_code):
    with open(CONTENT_DIR / f"{language_code}.json", encoding="utf-8") as content_file:
        return json.load(content_file)


def partner_group_name(provider):
    return f"{PARTNER_EDITORS_GROUP} {provider.short_name}"


def page_texts(content):
    """A page's translatable fields from its entry in a content file (paragraph lists become rich text)."""
    texts = dict(content)
    if "description" in texts:
        texts["description"] = "".join(f"<p>{paragraph}</p>" for paragraph in texts["description"])
    return texts


def course_fields(facts, texts, today):
    def day(offset):
        return None if offset is None else today + datetime.timedelta(days=offset)

    place, address = LOCATIONS[facts["location"]]
    contact_name, contact_email = facts["contact"]
    return {
        **page_texts(texts),
        "funding_module": facts["module"],
        "kind": facts["kind"],
        "german_level_required": facts.get("required", ""),
        "german_level_reached": facts.get("reached", ""),
        "ongoing": facts.get("ongoing", False),
        "start_date": day(facts.get("start")),
        "end_date": day(facts.get("end")),
        "location_name": place,
        "location_address": address,
        "places_available": facts.get("places"),
        "women_only": facts.get("women_only", False),
        "childcare": facts.get("childcare", False),
        "wheelchair_accessible": facts.get("wheelchair", False),
        "contact_name": contact_name,
        "contact_email": contact_email,
    }


def seed_pages(providers, content):
    """The course overview below the German home page, a page per partner and the courses below them."""
    home = HomePage.objects.get(locale=Locale.get_default())
    index, _changed = upsert_page(home, CourseIndexPage, "angebote", show_in_menus=True, **content["index"])
    partners = {}
    for slug, provider in providers.items():
        partners[slug], _changed = upsert_page(
            index, PartnerPage, slug, provider=provider, **page_texts(content["partners"][slug])
        )
    today = timezone.localdate()
    courses = {}
    for slug, facts in COURSES.items():
        fields = course_fields(facts, content["courses"][slug], today)
        courses[slug], _changed = upsert_page(partners[facts["partner"]], CoursePage, slug, **fields)
    return index, partners, courses


def seed_translations(index, partners, courses, source, stdout):
    """Translate the pages into every language that has a ``demo_content/<lang>.json``, parents first."""
    pages = [(index, source["index"], ("index",))]
    pages += [(page, page_texts(source["partners"][slug]), ("partners", slug)) for slug, page in partners.items()]
    pages += [(page, page_texts(source["courses"][slug]), ("courses", slug)) for slug, page in courses.items()]
    home = index.get_parent()
    languages = []
    for locale, translated in translated_contents(CONTENT_DIR):
        if not Page.objects.filter(translation_key=home.translation_key, locale=locale, alias_of=None).exists():
            # wagtail-localize would put the pages below an untranslated copy (alias) of the home page.
            stdout.write(f"Skipped the course pages in {locale.language_code}: the home page is not translated.")
            continue
        for page, texts, (*section, key) in pages:
            entry = translated
            for name in section:
                entry = entry.get(name, {})
            if key not in entry:
                continue
            place = f"{locale.language_code}.json {'.'.join([*section, key])}"
            try:
                strings = segment_translations(texts, page_texts(entry[key]), place)
            except ValueError as error:
                stdout.write(f"Skipped a translation that does not match de.json: {error}")
                continue
            publish_translation(page, locale, strings)
        languages.append(locale.language_code)
    return languages


def grant_page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def seed_permissions(index, partners, providers):
    """Partners edit only their own subtree; the city publishes and approves everything below the overview."""
    city = staff_group(CITY_GROUP)
    grant_page_permissions(city, index, CITY_PAGE_PERMISSIONS)
    city.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="providers", codename__in=["add_provider", "change_provider", "view_provider"]
        )
    )
    groups = {}
    for slug, page in partners.items():
        groups[slug] = staff_group(partner_group_name(providers[slug]))
        grant_page_permissions(groups[slug], page, PARTNER_PAGE_PERMISSIONS)
    User = get_user_model()
    for username, slug in PARTNER_EDITORS.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            user.groups.add(groups[slug])


def seed_workflow(index):
    """Changes below the course overview go live only after the city approves them."""
    city = Group.objects.get(name=CITY_GROUP)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(city)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def seed(stdout):
    seed_funding_modules()
    providers = seed_providers()
    stdout.write(f"Partners: {len(providers)} organisations.")
    content = load_content(settings.LANGUAGE_CODE)
    index, partners, courses = seed_pages(providers, content)
    seed_permissions(index, partners, providers)
    seed_workflow(index)
    languages = seed_translations(index, partners, courses, content, stdout)
    stdout.write(
        f"Course pages: {len(partners)} partner pages and {len(courses)} courses, "
        f"translated into {', '.join(languages) or 'no language yet'}; "
        f"partner editors: {', '.join(PARTNER_EDITORS)}; workflow “{WORKFLOW_NAME}”."
    )
