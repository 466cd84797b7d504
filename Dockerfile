# syntax=docker/dockerfile:1
# OCOP Hà Nội production image (see docs/deploy.md).
#   build:  dependencies into /venv, translations compiled, static files collected;
#   final:  slim Python, the venv and the app, non-root, gunicorn, HEALTHCHECK on /healthz.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
# gettext: msgfmt compiles the .po catalogues (.mo files are not in git). Not pinned: the
# version comes with the pinned base image's Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first (their own layer, rebuilt only when pyproject.toml changes), read from
# pyproject.toml with the optional extras named in EXTRAS (s3: media on S3-compatible storage).
ARG EXTRAS="s3"
COPY pyproject.toml ./
RUN python -c "import sys, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + [d for e in sys.argv[1:] for d in p['optional-dependencies'][e]]))" \
        ${EXTRAS} > /tmp/requirements.txt \
    && python -m venv /venv \
    && /venv/bin/pip install --requirement /tmp/requirements.txt
COPY . .
RUN find locale -name django.po -execdir msgfmt --check-format -o django.mo django.po \; \
    && SECRET_KEY=collectstatic-only /venv/bin/python manage.py collectstatic --noinput \
        --settings=ocop_site.settings.production

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=ocop_site.settings.production
RUN groupadd --system --gid 10001 ocop \
    && useradd --system --uid 10001 --gid ocop --home-dir /app --no-create-home ocop
WORKDIR /app
COPY --from=build /venv /venv
# Code and collected static files stay root-owned: the app cannot rewrite itself.
COPY --from=build /app /app
# Only media is writable (when it is a local volume rather than S3).
RUN mkdir -p /app/media && chown ocop:ocop /app/media
USER 10001:10001
EXPOSE 8000
# No curl in slim images: ask /healthz with Python (urlopen raises on a 503).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
