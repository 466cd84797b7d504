# syntax=docker/dockerfile:1
# Production image: gunicorn as a non-root user; static files collected at build time.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ocop_site ocop_site
COPY catalogue catalogue
COPY showrooms showrooms
COPY events events
RUN python -m venv /venv && /venv/bin/pip install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=ocop_site.settings.production
RUN groupadd --system ocop && useradd --system --gid ocop --home /app ocop
WORKDIR /app
COPY --from=build /venv /venv
COPY --chown=ocop:ocop . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=/venv 2>/dev/null || true
USER ocop
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
