# syntax=docker/dockerfile:1
# MedSync's API and web app as a container image. Two stages: `build` installs every dependency,
# compiles the TypeScript and builds the web app (Vite); the final stage installs production
# dependencies only and takes the compiled dist/ folders, the built web app and the SQL migrations. Run it with compose.yaml (PostgreSQL beside it) or on its
# own with DATABASE_URL, JWT_SECRET and AUDIT_CHAIN_KEY set; see README.md, "Running with Docker".
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
# postinstall applies patches/ (postgres.js, README "Running in production"): copy them first.
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY scripts scripts
COPY packages/contracts packages/contracts
COPY apps/api apps/api
COPY apps/web apps/web
# The type check guards the image as CI guards the branch; the build itself only transpiles.
RUN npm run typecheck && npm run build

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data/pglite
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY patches patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY scripts scripts
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/web/dist apps/web/dist
COPY apps/api/migrations apps/api/migrations
# The code belongs to root and is read-only to the server; only the embedded data folder is its.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/server.js"]
