# Switchboard in a small image (FEATURES D5): the same single executable as `npm run build`.
#   docker build -t switchboard .
#   docker run -p 8443:8443 -p 5060:5060/udp -p 5060:5060/tcp -v switchboard-data:/data switchboard

FROM oven/bun:1.4.5 AS build
WORKDIR /src
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run scripts/build.ts

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /data --shell /usr/sbin/nologin switchboard \
  && mkdir /data \
  && chown switchboard:switchboard /data
COPY --from=build /src/dist/switchboard /switchboard
USER switchboard
VOLUME /data
EXPOSE 8443 5060/udp 5060/tcp
ENTRYPOINT ["/switchboard", "--data-dir", "/data"]
