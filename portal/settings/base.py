"""Settings for the Durchstarten portal, read from the environment.

Production needs ``SECRET_KEY``, ``ALLOWED_HOSTS`` and usually ``DATABASE_URL``,
``CACHE_URL`` and ``EMAIL_URL``; see README.md. With ``DEBUG=1`` the defaults
suit a laptop: SQLite, a local-memory cache and e-mail printed to the console.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from portal.env import cache_config, email_config, env_bool, env_int, env_list
from portal.languages import LANGUAGES, bidi_languages, register_extra_languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "providers",
    "intake",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RememberLanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Early, so that a cached page skips the rest; it carries the headers the middleware below gave it.
    # Inside the session middleware: an anonymous visitor's empty session must not add "Vary: Cookie" first.
    "portal.page_cache.PageCacheMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.AdminLocaleMiddleware",
    "portal.middleware.RequestValidationMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionTimeoutMiddleware",
    "portal.middleware.TwoFactorMiddleware",
    "intake.privacy.audit.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# The packages of ``intake`` that keep their templates beside their code.
INTAKE_ROOMS = ("triage", "reporting", "privacy")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The shared layout, then the rooms of intake that render pages of their own; apps' templates come after.
        "DIRS": [BASE_DIR / "templates", *(BASE_DIR / "intake" / room / "templates" for room in INTAKE_ROOMS)],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (web server and task worker) wait for each other
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel separately and a statement run a few times on a
    # connection is prepared once: PostgreSQL then skips parsing and planning
    # the same queries on every submission. Set DATABASE_PREPARE_THRESHOLD=0
    # behind a pooler in transaction mode, where prepared statements do not work.
    prepare_threshold = env_int("DATABASE_PREPARE_THRESHOLD", 5)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": prepare_threshold or None,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(os.environ.get("CACHE_URL", "locmem://"))}

# Finished public pages are kept in the cache for anonymous visitors (portal/page_cache.py).
# On by default only with a cache that all server processes share (Redis): a
# per-process cache could not be emptied everywhere when an editor publishes.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if CACHES["default"]["BACKEND"].endswith("RedisCache") else 0)
# What every public page needs and only publishing changes (the site, the URL → page
# table, header and footer) is kept between requests (portal/content_cache.py); on by
# default only with a shared cache, for the same reason as the page cache.
CONTENT_CACHE_SECONDS = env_int(
    "CONTENT_CACHE_SECONDS", 24 * 3600 if CACHES["default"]["BACKEND"].endswith("RedisCache") else 0
)
# Saving one of these changes what public pages show or what the content cache holds
# (routing keeps the active rules and the queues there), so it empties both caches.
PAGE_CACHE_INVALIDATED_BY = [
    "home.ContactSettings",
    "providers.Provider",
    "wagtailcore.Locale",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "intake.RoutingRule",
    "intake.Queue",
]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

globals().update(email_config(os.environ.get("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Durchstarten Aachen <durchstarten@mail.aachen.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation
register_extra_languages()
LANGUAGE_CODE = "de"
LANGUAGES = LANGUAGES
LANGUAGES_BIDI = bidi_languages()
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # only the server reads it

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

# Machine translation in the translation editor, off unless a DeepL key is set:
# without it no text is sent anywhere.
if os.environ.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_API_KEY"]},
    }

# Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Durchstarten in Aachen"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no staff e-mail hashes sent to a third party
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security: safe defaults everywhere, strict ones when not debugging.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 10  # the admin's absolute limit, see PORTAL_SESSION_MAX_AGE
PORTAL_SESSION_IDLE_TIMEOUT = 60 * 30
PORTAL_SESSION_MAX_AGE = SESSION_COOKIE_AGE
PORTAL_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Content-Security-Policy (django-csp): strict on the public site, which needs
# no inline script or style at all. The admin replaces a few directives with
# what Wagtail needs (see README, "Security").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "upgrade-insecure-requests": not DEBUG,
    }
}
PORTAL_ADMIN_CSP = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Staff sign-in: a second factor (django-otp), brute-force limits and the
# form that applies them. With DEBUG=1 the second factor is off by default,
# so the demo logins work without a phone.
PORTAL_REQUIRE_TWO_FACTOR = env_bool("PORTAL_REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "Durchstarten Aachen"
WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.LoginForm"
# scope → (failed attempts, within seconds, locked for seconds)
PORTAL_LOGIN_LIMITS = {"account": (5, 15 * 60, 15 * 60), "ip": (20, 15 * 60, 5 * 60)}
PORTAL_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Bad input: public form submissions are small; the admin keeps Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE for long pages (files are not counted there).
PORTAL_PUBLIC_MAX_BODY_SIZE = 256 * 1024
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.logging.PersonalDataExceptionReporterFilter"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Retention of personal data in requests (intake/retention.py, README "Retention").
# Months after a request entered an inactive status (one outside the caseload)
# until its personal fields are blanked, per status; RETENTION_MONTHS_<STATUS>
# overrides one. Participants (ever admitted) are kept INTAKE_PARTICIPANT_RETENTION_MONTHS
# after PROGRAMME_END (ISO date) or, while that is empty, after their case closed.
INTAKE_RETENTION_MONTHS = {
    status: env_int(f"RETENTION_MONTHS_{status.upper()}", 6)
    for status in ("not_interested", "no_show", "unreachable", "closed", "duplicate")
}
INTAKE_PARTICIPANT_RETENTION_MONTHS = env_int("RETENTION_MONTHS_PARTICIPANT", 12)
PROGRAMME_END = os.environ.get("PROGRAMME_END", "")

# Demo content: the password of the demo staff accounts created by seed_demo.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "klappts-demo-2026")

# Every handler carries the personal-data filter (portal/logging.py); Django's
# own handlers are replaced so that none writes unfiltered records.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "portal.logging.PersonalDataFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["personal_data"]},
        "mail_admins": {
            "class": "portal.logging.PersonalDataAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
