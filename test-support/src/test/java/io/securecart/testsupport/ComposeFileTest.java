package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.securecart.provisioner.Topology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml runs the same system as {@code ./securecart up} and as the tests: pinned images, a free LocalStack
 * shared with the Testcontainers backend, the one topology declaration, the launcher's environment and ports, and a
 * start order that ends with everything healthy. Offline: nothing here needs Docker.
 */
class ComposeFileTest {

	private static final Path ROOT = RepositoryRoot.find();

	private static final ComposeFile compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));

	private static final HostLauncher launcher = HostLauncher.read(ROOT.resolve("securecart"));

	/** Since 2026-03-23, LocalStack tags after this one, latest and the calendar-versioned ones need an auth token. */
	private static final int[] LAST_FREE_LOCALSTACK = { 4, 14, 0 };

	private static final Pattern LOCALSTACK_TAG = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

	/** Containers that run once and exit: they neither restart nor have a healthcheck. */
	private static final Set<String> ONE_SHOT = Set.of("provisioner", "prometheus-config");

	/** Variables a compose service may have beyond the launcher's, and why. */
	private static final Map<String, Set<String>> COMPOSE_ONLY_VARIABLES = Map.of("checkout-service",
			// On the host, checkout calls localhost:$INVENTORY_PORT and :$PAYMENT_PORT; here they are other containers.
			Set.of("SECURECART_CHECKOUT_CATALOG_BASEURL", "SECURECART_CHECKOUT_PAYMENT_BASEURL"));

	@Test
	void everyImageIsPinnedOrBuiltFromThisRepository() {
		compose.services().forEach((name, service) -> {
			if (service.containsKey("build")) {
				assertThat(service.get("image")).as("service %s is built here; it needs no image", name).isNull();
			}
			else {
				String image = compose.image(name).orElseThrow(() -> new AssertionError(name + " has no image"));
				assertThat(ImageReference.parse(image).pinned()).as("service %s: image %s is not pinned", name, image)
					.isTrue();
			}
		});
	}

	@Test
	void localStackIsAFreeCommunityTagAndTheOneTheTestcontainersBackendUses() {
		String image = compose.image("localstack").orElseThrow(() -> new AssertionError("localstack has no image"));
		ImageReference reference = ImageReference.parse(image);
		String tag = reference.tag().orElseThrow(() -> new AssertionError("LocalStack image without a tag: " + image));
		Matcher version = LOCALSTACK_TAG.matcher(tag);

		assertThat(reference.repository()).isEqualTo("localstack/localstack");
		assertThat(version.matches()).as("LocalStack %s: a 4.x.y tag, not latest nor a calendar version", tag).isTrue();
		int[] parts = { Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)),
				Integer.parseInt(version.group(3)) };
		assertThat(parts[0]).as("LocalStack major version in %s", tag).isEqualTo(4);
		assertThat(Arrays.compare(parts, LAST_FREE_LOCALSTACK))
			.as("LocalStack %s is after 4.14.0, the last tag that runs without an auth token", tag)
			.isLessThanOrEqualTo(0);
		assertThat(image).as("LocalStack of docker-compose.yml and of the Testcontainers backend")
			.isEqualTo(TestcontainersStack.LOCALSTACK_IMAGE);
		Map<String, String> environment = compose.environment("localstack");
		assertThat(List.of(environment.get("SERVICES").split(",")))
			.containsExactlyElementsOf(TestcontainersStack.LOCALSTACK_SERVICES);
		// Passed through from the user's environment, never written here: a tag or image that needs it takes no edit.
		assertThat(environment).containsEntry("LOCALSTACK_AUTH_TOKEN", "${LOCALSTACK_AUTH_TOKEN:-}");
		// Queue URLs name LocalStack as the other containers reach it.
		assertThat(environment).containsEntry("LOCALSTACK_HOST", "localstack:4566");
	}

	/** One Zipkin everywhere: compose's image tag is the exec jar version that ./securecart up and the e2e tests run. */
	@Test
	void zipkinIsTheVersionTheLauncherRunsOnTheLaunchersPort() {
		Matcher version = Pattern.compile("<zipkin-server.version>([^<]+)</zipkin-server.version>")
			.matcher(read(ROOT.resolve("pom.xml")));
		assertThat(version.find()).as("zipkin-server.version in pom.xml").isTrue();

		assertThat(compose.image("zipkin")).contains("openzipkin/zipkin:" + version.group(1));
		assertThat(compose.ports("zipkin")).containsExactly(hostPort(launcher.defaultPorts().get("ZIPKIN_PORT"), 9411));
		assertThat(compose.environment("checkout-service"))
			.containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans");
	}

	/**
	 * The alarms run in compose as on the host: Prometheus on the launcher's port, its configuration written by the
	 * provisioner jar for every service the launcher runs, at the port it listens on.
	 */
	@Test
	void prometheusEvaluatesTheDeclaredAlarmsOverEveryServiceOnTheLaunchersPort() {
		assertThat(compose.ports("prometheus"))
			.containsExactly(hostPort(launcher.defaultPorts().get("PROMETHEUS_PORT"), 9090));
		assertThat(compose.buildTarget("prometheus-config")).contains("provisioner");
		assertThat(compose.dependsOn("prometheus")).containsEntry("prometheus-config", "service_completed_successfully");
		List<String> command = compose.command("prometheus-config");
		assertThat(command.subList(0, 3)).containsExactly("prometheus", "/prometheus-config",
				"http://auth-server:9000/oauth2/token");
		assertThat(command.subList(3, command.size())).containsExactlyInAnyOrderElementsOf(launcher.services()
			.stream()
			.map(service -> service + "-service:" + launcher.defaultPorts().get(service.toUpperCase() + "_PORT"))
			.toList());
		assertThat(compose.command("prometheus")).contains("--config.file=/etc/securecart/prometheus.yml");
	}

	/**
	 * One Redis everywhere: compose's pinned 7.x image is the Testcontainers backend's, on the launcher's port, run as
	 * {@code infra/local/redis.sh} runs Debian's (same memory cap and eviction, nothing persisted), healthy on a PING,
	 * and inventory, whose catalog cache it is, starts after it.
	 */
	@Test
	void redisIsTheTestcontainersImageOnTheLaunchersPortRunAsTheHostStacks() {
		String image = compose.image("redis").orElseThrow(() -> new AssertionError("redis has no image"));

		assertThat(image).isEqualTo(TestcontainersStack.REDIS_IMAGE).matches("redis:7\\.\\d+\\.\\d+-alpine");
		assertThat(compose.ports("redis")).containsExactly(hostPort(launcher.defaultPorts().get("REDIS_PORT"), 6379));
		assertThat(compose.healthcheck("redis")).containsExactly("CMD", "redis-cli", "ping");
		assertThat(compose.dependsOn("inventory-service")).containsEntry("redis", "service_healthy");
		assertThat(compose.environment("inventory-service")).containsEntry("REDIS_HOST", "redis")
			.containsEntry("REDIS_PORT", "6379");
		String command = String.join(" ", asStrings(compose.service("redis").get("command")));
		String host = read(ROOT.resolve("infra/local/redis.sh"));
		assertThat(command).contains("--maxmemory " + shellValue(host, "MAX_MEMORY"))
			.contains("--maxmemory-policy allkeys-lru")
			.contains("--save  --appendonly no");
		assertThat(host).contains("--maxmemory-policy allkeys-lru").contains("--save '' --appendonly no");
	}

	private static List<String> asStrings(Object list) {
		return ((List<?>) list).stream().map(String::valueOf).toList();
	}

	@Test
	void thePrimaryTheReplicaAndTheTestcontainersBackendRunOnePostgresImage() {
		assertThat(compose.image("postgres-primary")).contains(TestcontainersStack.POSTGRES_IMAGE);
		assertThat(compose.image("postgres-replica")).contains(TestcontainersStack.POSTGRES_IMAGE);
		assertThat(ImageReference.parse(TestcontainersStack.POSTGRES_IMAGE).tag().orElseThrow())
			.as("PostgreSQL 15, as the host stack").startsWith("15.");
		// The replica counts as ready on the same condition in both: a standby whose WAL receiver streams.
		assertThat(compose.healthcheck("postgres-replica"))
			.containsExactly("CMD-SHELL", TestcontainersStack.REPLICA_STREAMING.replace("$", "$$"));
	}

	@Test
	void theContainersPostgresIsSetUpAsTheHostStacks() {
		String host = read(ROOT.resolve("infra/local/postgres.sh"));
		String primary = read(ROOT.resolve("infra/compose/postgres/primary-init.sh"));
		String replica = read(ROOT.resolve("infra/compose/postgres/replica-entrypoint.sh"));

		assertThat(shellValue(primary, "DATABASES")).as("databases").isEqualTo(shellValue(host, "DATABASES"));
		assertThat(shellValue(primary, "SLOT")).as("replication slot").isEqualTo(shellValue(host, "SLOT"));
		assertThat(shellValue(replica, "SLOT")).as("replication slot").isEqualTo(shellValue(host, "SLOT"));
		assertThat(shellValue(replica, "APP_NAME")).as("replica name").isEqualTo(shellValue(host, "APP_NAME"));
		assertThat(grants(primary)).as("privileges granted to the services' role").isEqualTo(grants(host));
	}

	@Test
	void theProvisionerProvisionsTheOneDeclaredTopologyPackagedInItsJar() {
		DockerfileStages.Stage stage = DockerfileStages.read(ROOT.resolve("Dockerfile")).stage("provisioner");

		assertThat(compose.buildTarget("provisioner")).as("Dockerfile stage the provisioner runs")
			.contains("provisioner");
		assertThat(compose.buildArgs("provisioner")).isEmpty();
		assertThat(stage.instructions("COPY")).as("what the provisioner image holds")
			.containsExactly("COPY --from=build /workspace/infra/provisioner/target/provisioner-exec.jar provisioner.jar");
		// No argument, so Topology.declared(): the infra/topology.json inside the jar.
		assertThat(stage.instructions("ENTRYPOINT")).as("the provisioner's command, without a topology file argument")
			.containsExactly("ENTRYPOINT [\"java\", \"-jar\", \"provisioner.jar\"]");
		// No other topology file passed or mounted, no other program run.
		assertThat(compose.service("provisioner")).as("provisioner service")
			.doesNotContainKeys("command", "entrypoint", "volumes", "image");
		assertThat(compose.environment("provisioner")).containsEntry("SPRING_CLOUD_AWS_ENDPOINT",
				compose.environment("inventory-service").get("SPRING_CLOUD_AWS_ENDPOINT"));
		// Nor a LocalStack init hook creating queues on the side.
		assertThat(compose.service("localstack")).as("localstack service: no init hooks")
			.doesNotContainKeys("volumes", "command", "entrypoint");
	}

	@Test
	void noQueueOrTopicNameIsDeclaredASecondTime() {
		Topology topology = Topology.read(ROOT.resolve("infra/topology.json"));
		Set<String> names = new HashSet<>(topology.allQueueNames());
		topology.topics().forEach(topic -> names.add(topic.name()));

		for (Path file : dockerFiles()) {
			String text = read(file);
			for (String name : names) {
				assertThat(text).as("%s names '%s': queues and topics are declared in infra/topology.json only",
						ROOT.relativize(file), name)
					.doesNotContain(name);
			}
		}
	}

	@Test
	void everyServiceGetsTheEnvironmentThatTheHostLauncherGivesIt() {
		for (String service : launcher.services()) {
			String name = service + "-service";
			Set<String> expected = new HashSet<>(launcher.environmentNames());
			expected.addAll(COMPOSE_ONLY_VARIABLES.getOrDefault(name, Set.of()));

			assertThat(compose.environment(name).keySet()).as("environment of %s vs ./securecart's", name)
				.containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Test
	void everyServiceIsBuiltFromItsModuleAndListensOnTheHostLaunchersPort() {
		assertThat(compose.services().keySet()).containsAll(
				launcher.services().stream().map(service -> service + "-service").toList());
		for (String service : launcher.services()) {
			String name = service + "-service";
			int port = launcher.port(service);
			Map<String, String> environment = compose.environment(name);

			assertThat(compose.buildTarget(name)).as("Dockerfile stage of %s", name).contains("service");
			assertThat(compose.buildArgs(name)).as("build args of %s", name).containsExactly(Map.entry("MODULE", name));
			assertThat(environment).as("environment of %s", name).containsEntry("SERVER_PORT", String.valueOf(port));
			launcher.defaultPorts()
				.forEach((variable, value) -> {
					if (environment.containsKey(variable)) {
						assertThat(environment).as("%s of %s vs ./securecart's default", variable, name)
							.containsEntry(variable, String.valueOf(value));
					}
				});
			assertThat(compose.ports(name)).as("published ports of %s", name).containsExactly(hostPort(port, port));
			assertThat(String.join(" ", compose.healthcheck(name))).as("healthcheck of %s", name)
				.contains("http://localhost:%d/actuator/health".formatted(port));
		}
		// The emulator and the databases on the launcher's ports too, so the same commands work against either.
		Map<String, Integer> ports = launcher.defaultPorts();
		assertThat(compose.ports("localstack")).containsExactly(hostPort(ports.get("MOTO_PORT"), 4566));
		assertThat(compose.ports("postgres-primary")).containsExactly(hostPort(ports.get("PG_PORT"), 5432));
		assertThat(compose.ports("postgres-replica")).containsExactly(hostPort(ports.get("PG_REPLICA_PORT"), 5432));
	}

	@Test
	void everythingStartsAfterWhatItNeedsAndEndsHealthy() {
		for (String service : launcher.services()) {
			assertThat(compose.dependsOn(service + "-service")).as("depends_on of %s-service", service)
				.containsEntry("provisioner", "service_completed_successfully")
				.containsEntry("postgres-primary", "service_healthy");
		}
		// The issuer keeps its token endpoint's rate-limit buckets in its database (auth).
		assertThat(compose.dependsOn("auth-server")).containsEntry("postgres-primary", "service_healthy");
		// Only inventory reads from the replica (DB_REPLICA_* in its application.yml), so only it waits for it.
		compose.services().keySet().stream().filter(name -> name.endsWith("-service")).forEach(name -> {
			boolean readsTheReplica = read(ROOT.resolve(name + "/src/main/resources/application.yml"))
				.contains("DB_REPLICA_HOST");
			assertThat(compose.dependsOn(name).containsKey("postgres-replica")).as("%s waits for the replica", name)
				.isEqualTo(readsTheReplica);
		});
		assertThat(compose.dependsOn("inventory-service")).containsEntry("postgres-replica", "service_healthy");
		assertThat(compose.dependsOn("checkout-service")).containsEntry("inventory-service", "service_healthy");
		assertThat(compose.dependsOn("provisioner")).containsEntry("localstack", "service_healthy");
		assertThat(compose.dependsOn("postgres-replica")).containsEntry("postgres-primary", "service_healthy");
		compose.services().keySet().forEach(name -> {
			compose.dependsOn(name).forEach((dependency, condition) -> {
				assertThat(condition).as("%s depends on %s", name, dependency)
					.isIn("service_healthy", "service_completed_successfully");
				if (condition.equals("service_healthy")) {
					assertThat(compose.healthcheck(dependency)).as("%s waits for %s to be healthy", name, dependency)
						.isNotEmpty();
				}
			});
			if (!ONE_SHOT.contains(name)) {
				assertThat(compose.healthcheck(name)).as("healthcheck of %s", name).isNotEmpty();
			}
		});
	}

	/** A crashed service, or one whose JVM exited on OutOfMemoryError, comes back; a one-shot container does not. */
	@Test
	void everyLongRunningContainerIsRestartedAndTheProvisionerRunsOnce() {
		compose.services().keySet().forEach(name -> {
			String restart = String.valueOf(compose.service(name).get("restart"));
			if (ONE_SHOT.contains(name)) {
				assertThat(restart).as("restart policy of the one-shot %s", name).isEqualTo("no");
			}
			else {
				assertThat(restart).as("restart policy of %s", name).isIn("unless-stopped", "always", "on-failure");
			}
		});
	}

	/** Bind-mounted files carry :z, so that containers can read them on SELinux hosts (Fedora, RHEL). */
	@Test
	void everyBindMountIsLabelledForSelinux() {
		compose.services().forEach((name, service) -> {
			Object volumes = service.get("volumes");
			if (volumes == null) {
				return;
			}
			for (Object volume : (List<?>) volumes) {
				String mount = String.valueOf(volume);
				if (mount.startsWith("./") || mount.startsWith("/")) {
					String[] parts = mount.split(":");
					assertThat(parts).as("bind mount %s of %s has options", mount, name).hasSize(3);
					assertThat(List.of(parts[2].split(","))).as("options of bind mount %s of %s", mount, name)
						.containsAnyOf("z", "Z");
				}
			}
		});
	}

	@Test
	void everyContainerHasAMemoryLimitAndAllFitALaptop() {
		long total = compose.services().keySet().stream().mapToLong(compose::memoryLimitMiB).sum();

		assertThat(total).as("MiB for the whole stack, on a 16 GB laptop").isLessThanOrEqualTo(6 * 1024);
	}

	/** {@code NAME=value} or {@code NAME="value"} in a shell script. */
	private static String shellValue(String script, String name) {
		Matcher matcher = Pattern.compile("\\b" + name + "=(\"[^\"]*\"|\\S+)").matcher(script);
		assertThat(matcher.find()).as("%s is set", name).isTrue();
		return matcher.group(1).replace("\"", "");
	}

	private static Set<String> grants(String script) {
		return Pattern.compile("GRANT [^\"\\n]+? TO securecart")
			.matcher(script)
			.results()
			.map(MatchResult::group)
			.collect(Collectors.toSet());
	}

	private static String hostPort(int hostPort, int containerPort) {
		return "127.0.0.1:%d:%d".formatted(hostPort, containerPort);
	}

	/** docker-compose.yml, the Dockerfiles, .dockerignore and everything under infra/compose. */
	static List<Path> dockerFiles() {
		try (Stream<Path> compose = Files.walk(ROOT.resolve("infra/compose"))) {
			return Stream
				.concat(Stream.of(ROOT.resolve("docker-compose.yml"), ROOT.resolve(".dockerignore")),
						Stream.concat(DockerfileTest.dockerfiles().stream(), compose.filter(Files::isRegularFile)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
