FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY config ./config
COPY tracker ./tracker
COPY resumes ./resumes
RUN pip install --no-cache-dir .

COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput \
    && useradd --create-home reframe && mkdir -p /app/media && chown reframe /app/media
USER reframe
ENV STATIC_MANIFEST=true
EXPOSE 8000
# The longest request line gunicorn takes (its default is 4094): the bookmarklet's address
# carries the text selected on a job's page (static/js/bookmarklet.js).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--limit-request-line", "8190", "--access-logfile", "-"]
