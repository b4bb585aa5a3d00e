# syntax=docker/dockerfile:1
# Aula: a static Go binary on distroless, running as non-root.
#   docker build -t aula .
#   docker run -p 8080:8080 -v aula-data:/data aula        # demo mode
# State (SQLite logins + sessions, the generated demo secret) lives in /data.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
	CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/aula . && \
	mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/aula /aula
# The data directory must exist and belong to nonroot (65532) for the volume to be writable.
COPY --from=build --chown=65532:65532 /out/data /data
ENV AULA_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
# No HEALTHCHECK: distroless has no shell or curl; probe /healthz and /readyz from the orchestrator.
ENTRYPOINT ["/aula"]
