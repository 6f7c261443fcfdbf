# syntax=docker/dockerfile:1
# DBackup: a static binary with the web interface embedded, running as a non-root user.

FROM node:22-bookworm-slim AS web
WORKDIR /src
COPY package.json package-lock.json ./
COPY frontend/package.json frontend/
RUN npm ci --no-audit --no-fund
COPY graph/schema graph/schema
COPY frontend frontend
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist frontend/dist
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/dbackup/dbackup/internal/buildinfo.version=${VERSION}" \
      -o /out/dbackup ./cmd/dbackup \
 && mkdir -p /out/data

# The backup engines will need the databases' client tools (pg_dump, mariadb-dump); the runtime
# stage moves to debian-slim with those packages when they arrive.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dbackup /usr/local/bin/dbackup
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV DATA_DIR=/data LISTEN=:3000
VOLUME ["/data"]
EXPOSE 3000
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/dbackup"]
CMD ["serve"]
