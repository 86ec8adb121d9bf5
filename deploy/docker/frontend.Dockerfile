# syntax=docker/dockerfile:1
# The SPA, built with Node and served by nginx, which also proxies /api/ and /healthz to the gateway.
FROM node:20-slim AS build
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27-alpine
COPY deploy/nginx/nginx.conf /etc/nginx/nginx.conf
COPY deploy/nginx/security-headers.conf /etc/nginx/security-headers.conf
COPY deploy/nginx/public-headers.conf /etc/nginx/public-headers.conf
COPY deploy/nginx/public-proxy.conf /etc/nginx/public-proxy.conf
COPY --from=build /src/frontend/dist /usr/share/nginx/html
EXPOSE 8080
# Its own endpoint, so that the web container's health does not depend on the gateway's.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/nginx-health || exit 1
