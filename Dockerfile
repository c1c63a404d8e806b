# One image recipe for every SecureCart JVM: the five services and the topology provisioner.
#
# One shared, parameterised Dockerfile rather than one per service: the services differ only in which jar they run,
# so five copies would only drift apart. The build stage does not depend on MODULE, so when docker-compose.yml builds
# the six images, BuildKit builds the Maven reactor once and reuses that layer for the others.
#
#   docker build --build-arg MODULE=checkout-service -t securecart/checkout-service .
#   docker build --target provisioner -t securecart/provisioner .
#
# Needs BuildKit (the default builder since Docker Engine 23) for the Maven repository cache mount.

# --- build: the modules the images run, and what they depend on, with the Maven wrapper (the tests run in CI, not
# here). Not e2e-tests nor benchmarks (Gatling); test-support is built too, as the services' test dependency.
FROM eclipse-temurin:21.0.12_8-jdk-noble AS build
WORKDIR /workspace
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dmaven.test.skip=true \
      -pl auth-server,checkout-service,payment-service,inventory-service,fulfillment-service,notification-service,console,infra/provisioner \
      -am package

# --- runtime: a JRE and an unprivileged user, who cannot write to the application
# curl is installed for docker-compose.yml's healthchecks, not taken from the base image: Temurin's images from 22 on
# no longer ship it.
FROM eclipse-temurin:21.0.12_8-jre-noble AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 securecart \
    && useradd --system --uid 10001 --gid securecart --home-dir /app --no-create-home --shell /usr/sbin/nologin securecart
WORKDIR /app
USER 10001:10001
# Heap sized from the container's memory limit, and a JVM that exits (to be restarted) rather than limps on after an
# OutOfMemoryError. docker-compose.yml tunes these for six JVMs on one laptop.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# --- provisioner: a one-shot plain Java program (no Spring, so no layer tools in its jar): the executable jar as is.
# No argument: it provisions the infra/topology.json packaged inside the jar, the one declaration.
FROM runtime AS provisioner
COPY --from=build /workspace/infra/provisioner/target/provisioner-exec.jar provisioner.jar
ENTRYPOINT ["java", "-jar", "provisioner.jar"]

# --- extract: split a service's fat jar into Spring Boot's layers, least to most often changed
FROM build AS extract
ARG MODULE
RUN test -n "${MODULE}" || { echo "build with --build-arg MODULE=<service module>, e.g. checkout-service" >&2; exit 1; } \
    && java -Djarmode=tools -jar "${MODULE}/target/${MODULE}.jar" extract --layers --launcher --destination /extracted

# --- service (the default target): the layers, so that a code change rebuilds only the last, small one
FROM runtime AS service
COPY --from=extract /extracted/dependencies/ ./
COPY --from=extract /extracted/spring-boot-loader/ ./
COPY --from=extract /extracted/snapshot-dependencies/ ./
COPY --from=extract /extracted/application/ ./
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
