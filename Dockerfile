# syntax=docker/dockerfile:1
# Wardgate image. Build: docker build -t wardgate:0.1.0 .
# The build stage runs exactly what CI runs (npm ci, npm run build); the runtime stage holds
# dist/, production node_modules and the protos, owned by root and read-only to the app user.
# Pin the base by digest in your registry mirror (node:20.20.2-bookworm-slim@sha256:...).

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/codegen.mjs scripts/codegen.mjs
COPY scripts/copy-console-assets.mjs scripts/copy-console-assets.mjs
COPY protos protos
COPY src src
RUN npm run build
# Kept apart from the build step so that step stays the exact command CI runs.
# hadolint ignore=DL3059
RUN npm prune --omit=dev

FROM node:20.20.2-bookworm-slim AS runtime
# tini reaps zombies and forwards SIGTERM, so Wardgate's drain runs on every stop.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini=0.19.0-1+b3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 wardgate \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin wardgate \
 && mkdir -p /etc/wardgate /var/lib/wardgate/audit-spool \
 && chown 10001:10001 /var/lib/wardgate/audit-spool
ENV NODE_ENV=production
# The chart's heap defaults (values.yaml maxOldSpaceMiB, maxSemiSpaceMiB) for a plain `docker run`; the chart sets its own.
# A cap under 1 GiB also makes V8 grow the old generation by less than 4× the live heap between collections.
ENV NODE_OPTIONS="--max-old-space-size=640 --max-semi-space-size=16"
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# Loaded at run time (proto-loader resolves <app>/protos from dist/src/envoy).
COPY --from=build /src/protos ./protos
# The embedded demo policy, used only when no policy file is configured.
COPY examples/policies/default.yaml ./examples/policies/default.yaml
USER 10001:10001
EXPOSE 9000 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9090/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/cli/main.js", "serve", "--config", "/etc/wardgate/config.yaml"]
