FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango and HarfBuzz for WeasyPrint's PDFs; fonts for them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY trygghet trygghet
COPY observations observations
COPY promises promises
COPY agreements agreements
COPY meetings meetings
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /app trygghet && mkdir -p /app/var && chown -R trygghet /app/var
USER trygghet
EXPOSE 8000
# Workers and the collector's settings are in gunicorn.conf.py (WEB_WORKERS, WEB_GC_FREEZE; trygghet.heap).
CMD ["gunicorn", "trygghet.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
