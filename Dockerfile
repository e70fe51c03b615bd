# syntax=docker/dockerfile:1
# Friskpuls server image (docs/deploy.md). Conventions of the official Node images: multi-stage,
# production dependencies only, NODE_ENV=production, non-root `node` user, an init process (tini),
# `node` as the command (npm does not forward SIGTERM, which the drain on shutdown needs).
# The same production install is proved without Docker by test/deploy/production-install.test.ts.
ARG NODE_IMAGE=node:24-bookworm-slim

# Build stage: the toolchain for native addons. better-sqlite3 normally downloads a prebuilt
# binary here and compiles from source (python3, make, g++) only when none fits; such a build for
# Node 24.19+ aborts with SQLite (docs/deploy.md, "Node 24 and SQLite"; PostgreSQL is unaffected).
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
# botbuilder-dialogs' postinstall runs `npx rimraf`, which cancels without a TTY unless told yes.
ENV npm_config_yes=true
# The context is an allowlist (.dockerignore); postinstall generates the Prisma clients, which needs
# prisma/, prisma.config.ts and src/db/database-target.ts, so everything is copied first.
COPY . .
RUN npm ci --omit=dev && npm cache clean --force

# Runtime stage: no compiler, only the app and its production node_modules.
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3978 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# SQLite (the default without DATABASE_URL) writes ./data; mount a volume there.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-old-space-size=256", "bin/friskpuls.mjs", "serve"]
