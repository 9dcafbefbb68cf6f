"""The partner organisations named in the council's report on the initiative in Aachen."""

from decimal import Decimal

from providers.models import FundingModule, Provider

# slug → fields; the roles and funding modules follow the report (Vorlage FB 56/0057/WP18).
PROVIDERS = {
    "stadt-aachen": {
        "name": "Stadt Aachen, Fachbereich Wohnen, Soziales und Integration (FB 56/202)",
        "short_name": "Stadt Aachen",
        "description": "Teilhabemanagement der Stadt Aachen, Arbeitsmarktintegration.",
        "address": "Hackländerstraße 1\n52064 Aachen",
        "email": "durchstarten@mail.aachen.de",
        "website": "https://www.aachen.de",
        "offers_participation_management": True,
        "participation_staff_fte": Decimal("1.00"),
        "queue_email": "tm-stadt@example.org",
        "modules": ["F6"],
    },
    "low-tec": {
        "name": "low-tec gemeinnützige Arbeitsmarktförderungsgesellschaft Düren mbH",
        "short_name": "low-tec",
        "description": "Teilhabemanagement, Jugendintegrationskurse, Kurse für Frauen, Gabelstaplerschein und "
        "Förderung für Auszubildende an Berufskollegs.",
        "website": "https://www.low-tec.de",
        "offers_courses": True,
        "offers_participation_management": True,
        "participation_staff_fte": Decimal("0.75"),
        "queue_email": "tm-lowtec@example.org",
        "modules": ["F2", "F4", "F6"],
    },
    "qualitec": {
        "name": "QualiTec GmbH",
        "short_name": "QualiTec",
        "description": "Teilhabemanagement für junge Geflüchtete in Aachen.",
        "offers_participation_management": True,
        "participation_staff_fte": Decimal("1.25"),
        "queue_email": "tm-qualitec@example.org",
        "modules": ["F6"],
    },
    "picco-bella": {
        "name": "Picco Bella gGmbH",
        "short_name": "Picco Bella",
        "description": "Individuelles Coaching und Projekte aus dem Innovationsfonds.",
        "offers_coaching": True,
        "modules": ["F1", "F5"],
    },
    "sozialwerk-aachener-christen": {
        "name": "Sozialwerk Aachener Christen e. V.",
        "short_name": "Sozialwerk Aachener Christen",
        "description": "Individuelles Coaching und Projekte aus dem Innovationsfonds.",
        "offers_coaching": True,
        "modules": ["F1", "F5"],
    },
    "sprachenakademie": {
        "name": "Sprachenakademie Aachen gGmbH",
        "short_name": "Sprachenakademie",
        "description": "Sprachförderung für Auszubildende an Berufskollegs.",
        "offers_courses": True,
        "modules": ["F2"],
    },
    "vhs-aachen": {
        "name": "Volkshochschule Aachen (VHS College)",
        "short_name": "VHS Aachen",
        "description": "Coaching, Kurse und ein Projekt aus dem Innovationsfonds.",
        "website": "https://www.vhs-aachen.de",
        "offers_courses": True,
        "offers_coaching": True,
        "modules": ["F1", "F4", "F5"],
    },
    "jugendberufshilfe": {
        "name": "Jugendberufshilfe Stadt Aachen",
        "short_name": "Jugendberufshilfe",
        "description": "Berufsbegleitende Qualifizierung für Auszubildende an Berufskollegs.",
        "offers_courses": True,
        "modules": ["F2"],
    },
    "mies-van-der-rohe-schule": {
        "name": "Berufskolleg Mies-van-der-Rohe-Schule",
        "short_name": "Mies-van-der-Rohe-Schule",
        "description": "Berufskolleg der StädteRegion Aachen; Ort der berufsbegleitenden Sprachförderung.",
        "offers_courses": True,
        "modules": ["F2"],
    },
    "kaethe-kollwitz-schule": {
        "name": "Berufskolleg Käthe-Kollwitz-Schule",
        "short_name": "Käthe-Kollwitz-Schule",
        "description": "Berufskolleg der StädteRegion Aachen; Ort der berufsbegleitenden Sprachförderung.",
        "offers_courses": True,
        "modules": ["F2"],
    },
    "berufskolleg-gestaltung-und-technik": {
        "name": "Berufskolleg für Gestaltung und Technik der StädteRegion Aachen",
        "short_name": "BK Gestaltung und Technik",
        "description": "Berufskolleg der StädteRegion Aachen; Ort der berufsbegleitenden Sprachförderung.",
        "offers_courses": True,
        "modules": ["F2"],
    },
    "vabw-alsdorf": {
        "name": "VabW Alsdorf",
        "short_name": "VabW Alsdorf",
        "description": "Partner im Trägerverbund für ein Projekt aus dem Innovationsfonds.",
        "modules": ["F5"],
    },
}


def seed_funding_modules():
    for code in FundingModule.Code.values:
        FundingModule.objects.get_or_create(code=code)


def seed_providers():
    providers = {}
    for slug, data in PROVIDERS.items():
        fields = dict(data)
        modules = fields.pop("modules")
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


def seed(stdout):
    seed_funding_modules()
    providers = seed_providers()
    stdout.write(f"Partners: {len(providers)} organisations.")
