package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.securecart.testsupport.RepositoryRoot;
import io.securecart.testsupport.TestInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * The whole system as a user meets it: the five services as separate processes, on free ports, against the shared
 * test infrastructure. Started once per test JVM; stopped when it exits. Logs go to {@code target/e2e-logs}.
 */
final class RunningSystem {

	private static final Logger log = LoggerFactory.getLogger(RunningSystem.class);

	/** Found damaged by fulfillment's simulated warehouse in every e2e run; used by no other e2e scenario. */
	static final String DAMAGED_SKU = "SC-HOODIE-003";

	private static RunningSystem instance;

	private final TestInfrastructure infrastructure;

	private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

	private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);

	private RunningSystem(TestInfrastructure infrastructure) {
		this.infrastructure = infrastructure;
	}

	static synchronized RunningSystem get() {
		if (instance == null) {
			RunningSystem system = new RunningSystem(TestInfrastructure.shared());
			Runtime.getRuntime().addShutdownHook(new Thread(system::stopAll, "securecart-e2e-stop"));
			system.startAll();
			instance = system;
		}
		return instance;
	}

	TestInfrastructure infrastructure() {
		return infrastructure;
	}

	URI baseUrl(Service service) {
		return URI.create("http://localhost:" + ports.get(service));
	}

	RestClient client(Service service) {
		return RestClient.builder().baseUrl(baseUrl(service).toString()).build();
	}

	void kill(Service service) {
		processes.get(service).kill();
	}

	void restart(Service service) {
		processes.get(service).start();
		awaitHealthy(List.of(processes.get(service)));
	}

	private void startAll() {
		Path root = RepositoryRoot.find();
		Path logs = root.resolve("e2e-tests/target/e2e-logs");
		try {
			Files.createDirectories(logs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Service service : Service.values()) {
			ports.put(service, freePort());
		}
		for (Service service : Service.values()) {
			ServiceProcess process = new ServiceProcess(service, root, logs, environmentFor(service));
			processes.put(service, process);
			process.start();
		}
		awaitHealthy(processes.values());
		log.info("SecureCart running for end-to-end tests: {}", ports);
	}

	private Map<String, String> environmentFor(Service service) {
		Map<String, String> env = new HashMap<>();
		ports.forEach((each, port) -> env.put(each.portVariable(), String.valueOf(port)));
		env.put("SERVER_PORT", String.valueOf(ports.get(service)));
		env.put("SPRING_CLOUD_AWS_ENDPOINT", infrastructure.awsEndpoint().toString());
		env.put("AWS_REGION", infrastructure.region());
		env.put("AWS_ACCESS_KEY_ID", infrastructure.accessKey());
		env.put("AWS_SECRET_ACCESS_KEY", infrastructure.secretKey());
		env.put("DB_HOST", infrastructure.postgresHost());
		env.put("DB_PORT", String.valueOf(infrastructure.postgresPort()));
		env.put("DB_REPLICA_HOST", infrastructure.postgresHost());
		env.put("DB_REPLICA_PORT", String.valueOf(infrastructure.replicaPort()));
		env.put("DB_USER", infrastructure.postgresUser());
		env.put("DB_PASSWORD", infrastructure.postgresPassword());
		// Five JVMs share two cores here: small heaps, quick startup, and listeners that stop fast.
		env.put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
		env.put("SPRING_CLOUD_AWS_SQS_LISTENER_POLL_TIMEOUT", "2s");
		if (service == Service.FULFILLMENT) {
			// The simulated warehouse finds this SKU damaged while packing: the workflow's compensation path.
			env.put("SECURECART_FULFILLMENT_WAREHOUSE_DAMAGED_SKUS", DAMAGED_SKU);
		}
		return env;
	}

	private void awaitHealthy(Iterable<ServiceProcess> toAwait) {
		for (ServiceProcess process : toAwait) {
			RestClient client = client(process.service());
			await("%s healthy (log: %s)".formatted(process.service().module(), process.log()))
				.atMost(Duration.ofSeconds(240))
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.failFast("%s exited; see %s".formatted(process.service().module(), process.log()),
						() -> !process.isAlive())
				.until(() -> "UP".equals(client.get()
					.uri("/actuator/health")
					.retrieve()
					.body(tools.jackson.databind.JsonNode.class)
					.path("status")
					.asString()));
		}
	}

	/** All at once: each service's graceful shutdown waits for its listeners, and the JVM's exit waits for this. */
	private void stopAll() {
		processes.values().forEach(ServiceProcess::requestStop);
		processes.values().forEach(ServiceProcess::stop);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
