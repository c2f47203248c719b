# rnn-streams container image.
#
#   docker build -t rnn-streams .
#   docker run --read-only -p 8080:8080 rnn-streams                      # serve, with /app/config/serve.properties
#   docker run --read-only rnn-streams train --config /app/config/train.properties
#
# Health: GET /healthz (process alive) and /readyz (streams RUNNING and a model loaded) on port 8080.
# The HEALTHCHECK below uses /healthz; Kubernetes uses both (see helm/rnn-streams).

# Build stage: the same command as the README's build instructions (DockerfileTest compares them).
# The cache mount (BuildKit, Docker's default builder since 23.0) keeps ~/.m2 between builds.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# Runtime stage: JRE only, non-root, nothing written outside the two volumes.
FROM eclipse-temurin:17.0.17_10-jre-noble

# A fixed uid/gid, so Kubernetes' runAsUser/fsGroup and volume ownership line up with the image.
RUN groupadd --system --gid 10001 rnn \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin rnn \
 && mkdir -p /var/lib/rnn-streams \
 && chown 10001:10001 /var/lib/rnn-streams

WORKDIR /app
COPY --from=build /build/target/rnn-streams.jar /app/rnn-streams.jar
COPY config/ /app/config/

# Kafka Streams state (RocksDB) lives on a volume; the environment overrides any state.dir in the
# properties file so the state never lands in the container's writable layer.
ENV RNN_STREAMS_STATE_DIR=/var/lib/rnn-streams
# /tmp is a volume too: RocksDB extracts its JNI library into java.io.tmpdir at start-up, and the
# root filesystem may be read-only (docker run --read-only, readOnlyRootFilesystem in Kubernetes).
VOLUME ["/var/lib/rnn-streams", "/tmp"]

USER 10001:10001
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1

# Heap takes half the container's memory: RocksDB's block cache and write buffers
# (rocksdb.memory.bytes), direct buffers, metaspace and thread stacks all live off-heap.
# Committed and touched at start: a heap that grows under load stalls the stream thread for
# seconds each time it does (docs/performance-end-to-end.md#soak).
ENTRYPOINT ["java", \
            "-XX:MaxRAMPercentage=50", \
            "-XX:InitialRAMPercentage=50", \
            "-XX:+AlwaysPreTouch", \
            "-XX:+ExitOnOutOfMemoryError", \
            "-Djava.io.tmpdir=/tmp", \
            "-jar", "/app/rnn-streams.jar"]
CMD ["serve", "--config", "/app/config/serve.properties"]
