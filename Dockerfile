# syntax=docker/dockerfile:1
# snowmon as a container: `docker run snowmon` starts the daemon (`snowmon run`); the other production
# commands work too (`docker run snowmon check-config`). Two stages: build (compilers for better-sqlite3,
# TypeScript) and a slim runtime with production dependencies only, running as a non-root user. The
# built-in emulator's DuckDB is left out, so `demo`, `emulator` and `audit --emulator` stop with SM140.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native addon with node-gyp when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY queries ./queries
COPY config ./config
# `npm ci` installs every dependency (its `prepare` script already compiles); `npm run build` says so plainly.
RUN npm ci
RUN npm run build
# No devDependencies, and no optional ones: DuckDB (@duckdb/node-api, about 70 MB with its native binding)
# serves only the built-in emulator, which a production image does not run.
RUN npm prune --omit=dev --omit=optional

FROM ${NODE_IMAGE} AS runtime
# The store defaults to ./snowmon.db, which the WORKDIR below puts in the /data volume. SNOWMON_HTTP_PORT
# is read only by the HEALTHCHECK: set it too if snowmon.yaml moves daemon.http.port off 8080.
ENV NODE_ENV=production \
    SNOWMON_HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/queries ./queries
COPY --from=build /app/config ./config
COPY --from=build /app/package.json ./package.json
# The `node` user (uid 1000) ships with the image; the store lives in /data.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# Relative paths (the default ./snowmon.yaml and ./snowmon.db) resolve in the volume.
WORKDIR /data
EXPOSE 8080
# No curl in the slim image: node asks the daemon's own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SNOWMON_HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/src/cli/main.js"]
CMD ["run"]
