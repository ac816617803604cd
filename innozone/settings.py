"""InnoZone settings, driven by environment variables (parsed by `innozone.env`; a malformed value stops
start-up with the variable's name). Importing this module writes nothing to disk: `./run` creates the
folders under INNOZONE_VAR_DIR. Tests use `innozone.settings_test`.

Core
  INNOZONE_ENV          "production" turns on the secure settings (`check --deploy` is clean); default development
  DJANGO_DEBUG          development only, default 1
  SECRET_KEY            required in production; in development read from <var>/secret_key (`./run` creates it),
                        else a random key for this process
  ALLOWED_HOSTS         comma-separated, production only (default: none)
  CSRF_TRUSTED_ORIGINS  comma-separated, production only
  SECURE_SSL_REDIRECT   production, default 1 (0 when the proxy already redirects)
  SECURE_HSTS_SECONDS   production, default one year
  INNOZONE_VAR_DIR      where the SQLite file, uploads, keys and collected static files live (default <project>/var)
  LOG_LEVEL             root logger level, default WARNING
Database
  DATABASE_URL          default sqlite:///<var>/innozone.sqlite3; production: postgres://…
  CONN_MAX_AGE          seconds a database connection is kept, default 0
  SQLITE_TEST_NAME      file for the SQLite test database (default: in memory)
Ledger (docs/vouchers.md "The ledger")
  INNOZONE_LEDGER_KEY     the ledger's Ed25519 key file (default <var>/keys/ledger-ed25519.pem, created on first use;
                          production refuses a key file inside INNOZONE_VAR_DIR)
  INNOZONE_LEDGER_KEY_PEM the key itself (PEM), read before INNOZONE_LEDGER_KEY
  INNOZONE_LEDGER_ORIGIN  the log's name in signed checkpoints, default innozone.ledger/v1
  INNOZONE_LEDGER_OUTBOX  where `ledger checkpoint` writes each new signed head, default <var>/ledger-outbox
  INNOZONE_LEDGER_POST_URL  optional: each new checkpoint is also POSTed there
  INNOZONE_LEDGER_HEAD_INTERVAL    seconds after which a committed ledger change signs a new head, default 300
  INNOZONE_LEDGER_MAX_MERGE_DELAY  seconds within which every entry must be under a signed head, default 86400
Accounts
  INNOZONE_TALENT_KEY     the key the talent pool's ID numbers are encrypted and hashed with (default: derived from
                          SECRET_KEY); set it in production and never change it, or stored numbers become unreadable
  INNOZONE_PUBLICITY_DAYS days a recognition's public notice (公示) runs, default 7
  INNOZONE_PANEL_RULES    JSON overriding or adding expert-panel rule presets (docs/platforms.md)
  INNOZONE_FUNDS_FINANCE_ORG  the organization (by name) deciding a tranche's finance stage and recording payments,
                          default 兰白自创区办公室财务科（演示）
  INNOZONE_FINANCE_SUBSIDY_CAP  technology finance: interest subsidy (贴息) per firm a year, yuan, default 500000
  INNOZONE_POLICIES_NEAR_MAX_FAILED  policy matching: a "near miss" fails at most this many conditions, default 1
  INNOZONE_POLICIES_NEAR_TOLERANCE   … each numeric and within this share of the required figure, default 0.2
  INNOZONE_POLICIES_FAIR_REVIEW_ORG  the organization (by name) making fair-competition reviews, default the office
  INNOZONE_POLICIES_GRANT_CONFIRM_ORG  the organization confirming a 免申即享 list when the policy names no lead
                          unit (the office cannot approve its own list), default 甘肃省科学技术厅
  INNOZONE_POLICIES_MAX_ATTACHMENTS  attachments per policy, default 20
  INNOZONE_POLICIES_NOTIFY_INLINE    publishing at most this many clauses notifies matches at once; more go to the
                          task queue, default 5
  INNOZONE_INVESTMENT_STALLED_DAYS   days without progress after which an investment project is stalled, default 60
  INNOZONE_COOPERATION_WARN_DAYS     days before an agreement ends that it is flagged, default 90
  INNOZONE_PLATFORMS_NOT_FILED_FAILS  1: a platform that filed no yearly figures fails the annual evaluation
  INNOZONE_LOGIN_FAILURE_LIMIT     wrong passwords that lock a username, default 5 (django-axes)
  INNOZONE_LOGIN_COOLOFF_MINUTES   how long the lock lasts unless the office unlocks it, default 30
  INNOZONE_SESSION_HOURS           how long a login lasts, default 8
  INNOZONE_SESSION_AT_BROWSER_CLOSE  1: a login also ends with the browser
Mail (without EMAIL_HOST mail goes to the console)
  EMAIL_HOST, EMAIL_PORT (25), EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (0), DEFAULT_FROM_EMAIL
Tasks
  TASKS_BACKEND         "immediate" (default), "database" (django-tasks-db; run `python -m innozone db_worker`) or
                        "rq" (django-tasks-rq on Redis; run `python -m innozone rqworker default`)
  REDIS_URL             the Redis queue of TASKS_BACKEND=rq, default redis://127.0.0.1:6379/0
Uploads
  INNOZONE_RELATED_SHARE  shareholding (%) from which a shareholder and the company count as related parties
                        (enterprise registry: voucher trades, the yearly cap per actual controller), default 25
  INNOZONE_ATTACHMENT_MAX_BYTES  largest attachment (progress reports, voucher delivery evidence), default 10 MiB
  INNOZONE_UPLOAD_MAX_UNCOMPRESSED_BYTES  an uploaded .xlsx/.docx may declare at most this much, default 50 MiB
  INNOZONE_UPLOAD_MAX_ENTRIES      … and at most this many archive entries, default 2000
  INNOZONE_UPLOAD_MAX_RATIO        … and no entry over 1 MiB inflating more than this, default 100
Serving (read by ./run, not here)
  INNOZONE_HOST, INNOZONE_PORT   where `./run` serves, default 127.0.0.1:8000
"""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from innozone.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("INNOZONE_VAR_DIR") or PROJECT_DIR / "var")

PRODUCTION = env_str("INNOZONE_ENV", "development") == "production"
DEBUG = not PRODUCTION and env_bool("DJANGO_DEBUG", True)


def _secret_key() -> str:
    if env_str("SECRET_KEY"):
        return env_str("SECRET_KEY")
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when INNOZONE_ENV=production")
    path = VAR_DIR / "secret_key"
    return path.read_text().strip() if path.exists() else secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()

if PRODUCTION:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
else:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI from its own static files (no CDN on government intranets)
    "innozone.core",
    "innozone.enterprises",
    "innozone.plans",
    "innozone.cockpit",
    "innozone.evaluation",
    "innozone.ledger",
    "innozone.vouchers",
    "innozone.market",
    "innozone.talent",
    "innozone.platforms",
    "innozone.carriers",
    "innozone.funds",
    "innozone.finance",
    "innozone.policies",
    "innozone.onestop",
    "innozone.investment",
    "innozone.ip",
    "innozone.cooperation",
    "innozone.api",
    "axes",  # login throttling (finding 6): after the apps, as its docs ask
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "innozone.core.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with its message
]

ROOT_URLCONF = "innozone.urls"
WSGI_APPLICATION = "innozone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "innozone.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'innozone.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE makes write transactions take the lock up front.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME") or None}

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Outside production static files are served straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files are never served directly: views check permissions and stream them.
MEDIA_ROOT = VAR_DIR / "media"

# The ledger's Ed25519 signing key (PEM, PKCS#8), created on first use. Keep it outside the database
# and back it up apart from it: signed tree heads are only evidence if the key is not in the dump.
LEDGER_KEY_FILE = Path(env_str("INNOZONE_LEDGER_KEY") or VAR_DIR / "keys" / "ledger-ed25519.pem")
LEDGER_ORIGIN = env_str("INNOZONE_LEDGER_ORIGIN", "innozone.ledger/v1")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "innozone@localhost")

_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env_str("TASKS_BACKEND", "immediate")]}}
if env_str("TASKS_BACKEND") == "rq":  # a shared Redis queue; workers: `python -m innozone rqworker default`
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Upload rules for progress-report attachments.
INNOZONE_RELATED_SHARE = env_int("INNOZONE_RELATED_SHARE", 25)
INNOZONE_TALENT_KEY = env_str("INNOZONE_TALENT_KEY")
INNOZONE_PUBLICITY_DAYS = env_int("INNOZONE_PUBLICITY_DAYS", 7)
INNOZONE_FUNDS_FINANCE_ORG = env_str("INNOZONE_FUNDS_FINANCE_ORG", "兰白自创区办公室财务科（演示）")
INNOZONE_FINANCE_SUBSIDY_CAP = env_int("INNOZONE_FINANCE_SUBSIDY_CAP", 500000)
INNOZONE_POLICIES_NEAR_MAX_FAILED = env_int("INNOZONE_POLICIES_NEAR_MAX_FAILED", 1)
INNOZONE_POLICIES_NEAR_TOLERANCE = float(env_str("INNOZONE_POLICIES_NEAR_TOLERANCE", "0.2"))
INNOZONE_POLICIES_FAIR_REVIEW_ORG = env_str("INNOZONE_POLICIES_FAIR_REVIEW_ORG", "")
INNOZONE_POLICIES_GRANT_CONFIRM_ORG = env_str("INNOZONE_POLICIES_GRANT_CONFIRM_ORG", "甘肃省科学技术厅")
INNOZONE_POLICIES_MAX_ATTACHMENTS = env_int("INNOZONE_POLICIES_MAX_ATTACHMENTS", 20)
INNOZONE_POLICIES_NOTIFY_INLINE = env_int("INNOZONE_POLICIES_NOTIFY_INLINE", 5)
INNOZONE_INVESTMENT_STALLED_DAYS = env_int("INNOZONE_INVESTMENT_STALLED_DAYS", 60)
INNOZONE_COOPERATION_WARN_DAYS = env_int("INNOZONE_COOPERATION_WARN_DAYS", 90)
INNOZONE_PANEL_RULES = env_str("INNOZONE_PANEL_RULES")
PLATFORMS_NOT_FILED_FAILS = env_bool("INNOZONE_PLATFORMS_NOT_FILED_FAILS", False)
INNOZONE_ATTACHMENT_MAX_BYTES = env_int("INNOZONE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
INNOZONE_ATTACHMENT_TYPES = {
    ".pdf": "document",
    ".doc": "document",
    ".docx": "document",
    ".wps": "document",
    ".txt": "document",
    ".xls": "spreadsheet",
    ".xlsx": "spreadsheet",
    ".et": "spreadsheet",
    ".csv": "spreadsheet",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".zip": "archive",
}

SITE_NAME = _("兰白自创区创新管理平台")

# Uploaded .xlsx/.docx checked before any reader opens them (issue 11, finding 8; innozone/core/uploads.py):
# the archive's declared uncompressed total, its number of entries, and how far one entry may inflate.
INNOZONE_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("INNOZONE_UPLOAD_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
INNOZONE_UPLOAD_MAX_ENTRIES = env_int("INNOZONE_UPLOAD_MAX_ENTRIES", 2000)
INNOZONE_UPLOAD_MAX_RATIO = env_int("INNOZONE_UPLOAD_MAX_RATIO", 100)

# Ledger checkpoints and signing key (issue 11, finding 4; docs/vouchers.md "The ledger").
# INNOZONE_LEDGER_KEY_PEM   the Ed25519 key itself (PEM; "\n" may be written as the two characters \n), read
#                           before INNOZONE_LEDGER_KEY; in production a key file inside INNOZONE_VAR_DIR is refused
# INNOZONE_LEDGER_OUTBOX    where `ledger checkpoint` writes each new signed head (default <var>/ledger-outbox)
# INNOZONE_LEDGER_POST_URL  optional: each new checkpoint is also POSTed there (text/plain)
# INNOZONE_LEDGER_HEAD_INTERVAL     seconds after which a committed ledger change signs a new head (default 300)
# INNOZONE_LEDGER_MAX_MERGE_DELAY   seconds within which every entry must be under a signed head (default 1 day)
LEDGER_KEY_PEM = env_str("INNOZONE_LEDGER_KEY_PEM").replace("\\n", "\n")
LEDGER_OUTBOX = Path(env_str("INNOZONE_LEDGER_OUTBOX") or VAR_DIR / "ledger-outbox")
LEDGER_POST_URL = env_str("INNOZONE_LEDGER_POST_URL")
LEDGER_HEAD_INTERVAL = env_int("INNOZONE_LEDGER_HEAD_INTERVAL", 300)
LEDGER_MAX_MERGE_DELAY = env_int("INNOZONE_LEDGER_MAX_MERGE_DELAY", 24 * 3600)

# Hostile input and production headers (issue 11, findings 9 and 11). Unstorable text (NUL, lone surrogates) and
# bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused before any view (core/middleware.py). The CSP allows
# only this site's own files: no inline script, style or event handler anywhere (charts size themselves from
# data- attributes; HTMX's injected indicator style is off), images also as data: URLs (ECharts' exports),
# and no page may be framed.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1, "innozone.core.middleware.HostileInputMiddleware"
)
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Accounts and sign-in (issue 11, finding 6). INNOZONE_LOGIN_FAILURE_LIMIT (default 5) wrong passwords lock the
# username for INNOZONE_LOGIN_COOLOFF_MINUTES (default 30) or until the office unlocks it; INNOZONE_SESSION_HOURS
# (default 8) is how long a login lasts; INNOZONE_SESSION_AT_BROWSER_CLOSE=1 also ends it with the browser.
# The lockout is keyed by username only: behind the reverse proxy the client address is only as true as the
# proxy's X-Forwarded-For (a forged header would give every guess a fresh counter) and intranet users share NAT
# addresses; the price, that anyone can lock an account on purpose, is bounded by the cool-off and the unlock.
AUTHENTICATION_BACKENDS = [
    "innozone.core.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("INNOZONE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("INNOZONE_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours (axes reads a float as hours)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # "add ip_address": deliberately not, for the reason above
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "innozone.core.views.accounts.lockout_response"
AXES_ENABLE_ADMIN = False  # accounts are unlocked on the office's page, which writes an audit row
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are in the audit trail
SESSION_COOKIE_AGE = env_int("INNOZONE_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("INNOZONE_SESSION_AT_BROWSER_CLOSE", False)
