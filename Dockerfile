# Scaling Tutor: multi-stage image on node:20-slim. Build: docker build -t scaling-tutor .
# Run:   docker run --env-file .env -p 3000:3000 -v tutor-data:/data scaling-tutor
# (docker-compose.yml does the same with a named volume.)

# ── build: all dependencies, compile to dist/, then drop the dev dependencies ──────────────
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 and @napi-rs/canvas install prebuilt binaries; the compilers are only the
# fallback where no prebuilt one matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund

# ── run: the compiled bot, production dependencies, non-root ──────────────────────────────
FROM node:20-slim
# Charts register the DejaVu fonts shipped in node_modules (dejavu-fonts-ttf) by path;
# fontconfig and the system DejaVu are the fallback for any glyph outside them.
RUN apt-get update \
  && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir /data && chown node:node /data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/scaling-tutor.sqlite
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (answers in flight finish, up to 10 s): give
# `docker stop` more than that (docker-compose.yml sets stop_grace_period: 20s).
# The V8 flags are npm start's (package.json); README (Operations) has the measurements.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=2", "--max-old-space-size=128", "dist/src/main.js"]
