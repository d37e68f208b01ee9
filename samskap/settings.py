"""Samskap settings, read from the environment.

Everything runs from one settings module; integrations switch on with environment
variables. See README.md ("Configuration") for the full list.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("SAMSKAP_TESTING")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY") or (
    "insecure-development-key-only-for-local-use"  # noqa: S105 - refused below when DEBUG is off
    if DEBUG or TESTING
    else ""
)
if not SECRET_KEY:
    raise RuntimeError("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "samskap.core",
    "samskap.places",
    "samskap.accounts",
    "samskap.directory",
    "samskap.activities",
    "samskap.arenas",
    "samskap.api",
    "samskap.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

if not DEBUG and not TESTING:
    # Production serves the collected, hashed static files itself; development and tests use
    # the staticfiles app's own handler.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "samskap.urls"
WSGI_APPLICATION = "samskap.wsgi.application"
ASGI_APPLICATION = "samskap.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samskap" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samskap.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    },
]
FORM_RENDERER = "samskap.core.forms.FormRenderer"

# Database: SQLite by default (nothing to install), PostgreSQL in CI and production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends hundreds of milliseconds compiling the calendar's joins
    # and saves nothing on queries of this size (measured in benchmarks/activities.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
        ),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
SITE_ID = 1

# django-allauth: e-mail login, verified e-mail addresses, no hint whether an address exists.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samskap] "
ACCOUNT_ADAPTER = "samskap.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "samskap.accounts.forms.LoginForm",
    "signup": "samskap.accounts.forms.SignupForm",
    "reset_password": "samskap.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "samskap.accounts.forms.ResetPasswordKeyForm",
    "change_password": "samskap.accounts.forms.ChangePasswordForm",
    "set_password": "samskap.accounts.forms.SetPasswordForm",
    "add_email": "samskap.accounts.forms.AddEmailForm",
}
# One e-mail address per person; changing it takes effect once the new address is confirmed.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"

# Languages: Bokmål without prefix, Nynorsk under /nn/, English under /en/.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
# The project catalogues first; then Nynorsk for django-allauth, which ships none.
LOCALE_PATHS = [BASE_DIR / "samskap" / "locale", BASE_DIR / "samskap" / "locale_vendor"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "samskap_language"
LANGUAGE_COOKIE_SECURE = not DEBUG and not TESTING
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "samskap" / "static",
    ("vendor/designsystemet", BASE_DIR / "node_modules/@digdir/designsystemet-css/dist"),
    ("vendor/inter", BASE_DIR / "node_modules/@fontsource-variable/inter"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# E-mail: printed to the console in development, SMTP when EMAIL_HOST is set.
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
        if env_str("EMAIL_HOST")
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samskap <noreply@samskap.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write about the service (privacy, accessibility); shown on those pages.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "")

# Security: strict CSP everywhere (no inline scripts); HTTPS-only cookies and HSTS when DEBUG is off.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
# Websites that may show the embeddable activity calendar (/aktiviteter/innebygd/) in a frame:
# CSP `frame-ancestors` sources, comma-separated, e.g.
# "https://bibliotek.skien.kommune.no,https://*.frivilligsentral.no". The default "https:"
# lets any https website embed it (library and partner websites are many and change); our
# own pages may always frame it (the snippet builder's preview). Only that page is framable:
# every other page keeps `frame-ancestors 'none'` and `X-Frame-Options: DENY`.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", "https:")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' HSTS preload list is the domain owner's decision
        # (SECURE_HSTS_PRELOAD=1); until it is made, `check --deploy` need not remind us.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The Brønnøysund registers' open APIs (NLOD 2.0). Base URLs are settable for mirrors and tests.
BRREG_API_URL = env_str("BRREG_API_URL", "https://data.brreg.no/enhetsregisteret/api").rstrip("/")
FRIVILLIGHETSREGISTERET_API_URL = env_str(
    "FRIVILLIGHETSREGISTERET_API_URL", "https://data.brreg.no/frivillighetsregisteret/api"
).rstrip("/")
# Seconds between two requests to a register API (a polite rate), and retries on 429/5xx.
REGISTER_API_MIN_INTERVAL = float(env_str("REGISTER_API_MIN_INTERVAL", "0.2"))
REGISTER_API_RETRIES = env_int("REGISTER_API_RETRIES", 5)
REGISTER_API_TIMEOUT = float(env_str("REGISTER_API_TIMEOUT", "30"))

# Days after an arena's end when its registrations lose names, e-mail addresses and needs
# (`anonymise_arena_registrations`, run from cron); the reports keep their figures.
ARENA_RETENTION_DAYS = env_int("ARENA_RETENTION_DAYS", 365)

# Whether demo logins are shown on the login page (set by `make run`).
SHOW_DEMO_LOGINS = env_bool("SHOW_DEMO_LOGINS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
