# One image for the web server, the Celery worker and the beat scheduler.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; psycopg2 builds against libpq. The backup service runs pg_dump and
# pg_restore, which must be as new as the server (PostgreSQL 16 in docker-compose.yml), newer
# than Debian's own: they come from the PostgreSQL project's repository (its key ships with
# postgresql-common).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential libpq-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fonts-liberation ca-certificates postgresql-common \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends postgresql-client-16 \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

# Stored files (certificate zips, portfolio evidence) go to the `files` volume mounted here, and
# backups to the `backups` volume; the folders belong to the app user so new volumes do too.
ENV PRIVATE_MEDIA_ROOT=/app/private_media BACKUP_DIR=/backups
RUN mkdir -p /app/private_media /backups && chown app:app /app/private_media /backups

COPY requirements.txt requirements.txt
RUN pip install --require-hashes --no-deps -r requirements.txt
COPY . .

# collectstatic needs no secrets; DEBUG stays off so the hashed, compressed storage is used.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER app
EXPOSE 8000
CMD ["gunicorn", "csssl.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
