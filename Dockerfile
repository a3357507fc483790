# Image for the web and worker services of docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-fra poppler-utils libreoffice-impress libreoffice-writer python3-uno fonts-dejavu-core wfrench \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e . 2>/dev/null || true
COPY . .
RUN pip install --no-cache-dir -e . && useradd --system --home /app maillage && mkdir -p /data && chown maillage /data
USER maillage
EXPOSE 8000
