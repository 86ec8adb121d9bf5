# syntax=docker/dockerfile:1
# One image for every Python component (gateway, services, workers, migrations); compose picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

RUN groupadd --system --gid 10001 eldersafe \
    && useradd --system --uid 10001 --gid eldersafe --home-dir /app --no-create-home --shell /usr/sbin/nologin eldersafe \
    && install -d -o eldersafe -g eldersafe /app/var

# Code stays owned by root: the service user can read it but not change it.
COPY libs/ libs/
COPY gateway/ gateway/
COPY services/ services/
COPY deploy/demo/ deploy/demo/
COPY deploy/docker/healthcheck.py deploy/docker/healthcheck.py

# The packages live in several folders and are not pip-installed; the path lists them all.
ENV PYTHONPATH=/app/libs/common:/app/gateway:/app/services/registry:/app/services/inspection:/app/services/rectification:/app/services/notification \
    ELDERSAFE_ENVIRONMENT=production \
    HEALTHCHECK_PORT=8000

USER eldersafe
EXPOSE 8000 8101 8102 8103 8104

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/docker/healthcheck.py"]

CMD ["uvicorn", "eldersafe_gateway.main:app", "--host", "0.0.0.0", "--port", "8000"]
