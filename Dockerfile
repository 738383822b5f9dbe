# syntax=docker/dockerfile:1
# casetrail API image. Build: `docker compose build app` (or `docker build -t casetrail .`).

# ---- build: full dependencies, compile TypeScript to dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# No dependency of this stack needs install scripts (npm 11 would not run them either).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

# ---- runtime: production dependencies and the compiled output only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# Where the checkpoint signing key is kept (a volume in docker-compose.yml): writable by the process only.
RUN mkdir -p /var/lib/casetrail/keys && chown node:node /var/lib/casetrail/keys && chmod 700 /var/lib/casetrail/keys
# The image's unprivileged `node` user; the application files stay root-owned (read-only for the process).
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
