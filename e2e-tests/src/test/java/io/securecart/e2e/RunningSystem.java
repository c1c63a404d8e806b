package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.securecart.testsupport.AuthServerLogin;
import io.securecart.testsupport.FreePorts;
import io.securecart.testsupport.OneStackAtATime;
import io.securecart.testsupport.RepositoryRoot;
import io.securecart.testsupport.TestInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * The whole system as a user meets it: the authorization server and the five services as separate processes, on free
 * ports, against the shared test infrastructure. Callers get real tokens from the authorization server. Started once per test JVM; stopped when it exits. Logs go to {@code target/e2e-logs}.
 */
final class RunningSystem {

	private static final Logger log = LoggerFactory.getLogger(RunningSystem.class);

	/**
	 * Health states in which a service is ready, as for {@code ./securecart up}: UP, and DEGRADED, which the README
	 * calls normal (the catalog reads from the primary while the replica lags, e.g. just after a database restart).
	 */
	private static final java.util.Set<String> READY_STATES = java.util.Set.of("UP", "DEGRADED");
	static final Duration FRAUD_REVIEW_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * How long a service may take to become ready: 240 s, as CI needs; {@code -De2e.health-timeout=600s} on a machine
	 * shared with other builds, where five JVMs starting at once take minutes longer.
	 */
	private static final Duration HEALTH_TIMEOUT = Duration
		.parse("PT" + System.getProperty("e2e.health-timeout", "240s").toUpperCase(java.util.Locale.ROOT));
	/** run-jar.sh gives a training run 600 s before it starts the service without its startup cache. */
	private static final Duration STARTUP_CACHE_TRAINING_TIMEOUT = Duration.ofSeconds(660);

	/** Names this run's customers, so that a test can tell its own data from other tests'. */
	static final String RUN = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

	/** The prefix of ChaosIT's customers, so that it can count its own orders. */
	static final String CHAOS_CUSTOMERS = RUN + "-chaos-";

	/** Customers registered at the authorization server for this run, besides the demo users. */
	static final int CUSTOMERS = 80;

	/** The password of this run's customers (the demo users keep theirs); only its BCrypt hash reaches the server. */
	static final String CUSTOMER_PASSWORD = "e2e-customer-password";

	private static final String CUSTOMER_PASSWORD_HASH = "{bcrypt}$2a$10$CqFF.JW7lswZrUyAym5GM.6wtrydoI1rAHuYS/agUFaMo/Y0co0Am";

	/** As in auth-server's application.yml. */
	private static final Map<String, String> DEMO_PASSWORD_HASHES = Map.of("alice",
			"{bcrypt}$2a$10$3KXlzevAUgAKxjR2JvEHyeRRnVqytx.hYpSsFNAinI/Xe/YO8QAIK", "bob",
			"{bcrypt}$2a$10$e69CfV1EYwwfYtx0Ezy8e.3dTz3fcLeFtQOL9.csfvKy8tbM6k1IG", "ops",
			"{bcrypt}$2a$10$Zy.kKKdfex/tgwNUQcTZAe8Z5dPh59650v4WaLIl5BrhxHRbxZWxu");

	/** Found damaged by fulfillment's simulated warehouse in every e2e run; used by no other e2e scenario. */
	static final String DAMAGED_SKU = "SC-HOODIE-003";

	private static RunningSystem instance;

	private static boolean logsCleared;

	/** Where each service's output goes (one {@code <module>.log} each), for this run only. */
	static final Path LOGS = RepositoryRoot.find().resolve("e2e-tests/target/e2e-logs");

	private final AtomicInteger customersHandedOut = new AtomicInteger(40);

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	private final TestInfrastructure infrastructure;

	private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

	private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);

	private final List<Instance> instances = new java.util.concurrent.CopyOnWriteArrayList<>();

	private TraceStore traces;

	/** {@code ./securecart up}'s JVM flags, read once at start. */
	private String jvmFlags;

	private RunningSystem(TestInfrastructure infrastructure) {
		this.infrastructure = infrastructure;
	}

	/** The Zipkin this run's services send their spans to. */
	TraceStore traces() {
		return traces;
	}

	static synchronized RunningSystem get() {
		if (instance == null) {
			OneStackAtATime.claim();
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

	/**
	 * The web console as a browser opens it: at the loopback IP, the only loopback host the issuer accepts in a
	 * redirect URI (it ignores the port there, so the console's free port signs in too).
	 */
	URI consoleUrl() {
		return URI.create("http://127.0.0.1:" + ports.get(Service.CONSOLE));
	}

	/** A client that sends no token: an anonymous caller. */
	RestClient client(Service service) {
		return RestClient.builder().baseUrl(baseUrl(service).toString()).build();
	}

	/** A client signed in as {@code user}: a demo user (alice, bob, ops) or one of this run's customers. */
	RestClient client(Service service, String user) {
		return RestClient.builder()
			.baseUrl(baseUrl(service).toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token(user))
			.build();
	}

	/** An access token for {@code user}, through the authorization server's login form (authorization code + PKCE). */
	String token(String user) {
		return tokens.computeIfAbsent(user, name -> {
			AuthServerLogin login = new AuthServerLogin(baseUrl(Service.AUTH));
			return AuthServerLogin.DEMO_PASSWORDS.containsKey(name) ? login.userToken(name)
					: login.userToken(name, CUSTOMER_PASSWORD);
		});
	}

	/** Checkout's service token, by client credentials. */
	String checkoutServiceToken() {
		return new AuthServerLogin(baseUrl(Service.AUTH)).clientToken(AuthServerLogin.CHECKOUT_CLIENT,
				AuthServerLogin.CHECKOUT_CLIENT_SECRET);
	}

	/** This run's customer number {@code n} (0 to {@link #CUSTOMERS} - 1); the first 40 are ChaosIT's. */
	static String customer(int n) {
		return n < 40 ? CHAOS_CUSTOMERS + n : RUN + "-customer-" + n;
	}

	/** A customer of this run no test has used yet (ChaosIT uses the first 40). */
	String newCustomer() {
		int n = customersHandedOut.getAndIncrement();
		if (n >= CUSTOMERS) {
			throw new IllegalStateException("Register more customers for the run (RunningSystem.CUSTOMERS)");
		}
		return customer(n);
	}

	private LocalPrometheus prometheus;

	/** Prometheus scraping the five services and evaluating the declared alarms; started on first use. */
	synchronized LocalPrometheus prometheus() {
		if (prometheus == null) {
			List<URI> services = java.util.Arrays.stream(Service.values())
				.filter(service -> service != Service.AUTH && service != Service.CONSOLE)
				.map(this::baseUrl)
				.toList();
			prometheus = LocalPrometheus.start(services, baseUrl(Service.AUTH));
		}
		return prometheus;
	}

	void kill(Service service) {
		processes.get(service).kill();
	}

	/** The log of the service's (first) instance. */
	Path log(Service service) {
		return processes.get(service).log();
	}

	/**
	 * One more instance of a consumer service, as {@code ./securecart up --scale} runs it: its own JVM, free port and
	 * log ({@code <module>-<number>.log}), the same database and queues, so it competes with the first instance for
	 * their messages. Returns once it is ready; stopped with the rest of the system, or by {@link Instance#stop()}.
	 */
	Instance startInstance(Service service, int number) {
		int port = FreePorts.next();
		Map<String, String> env = environmentFor(service);
		env.put("SERVER_PORT", String.valueOf(port));
		ServiceProcess process = new ServiceProcess(service, RepositoryRoot.find(), env,
				LOGS.resolve(service.module() + "-" + number + ".log"));
		Instance instance = new Instance(service, number, URI.create("http://localhost:" + port), process);
		instances.add(instance);
		process.start();
		return instance;
	}

	/** Waits until every one of {@code started} is ready (UP or DEGRADED). */
	void awaitReady(List<Instance> started) {
		awaitHealthy(started.stream().map(Instance::process).toList(), started.stream()
			.collect(java.util.stream.Collectors.toMap(Instance::process, Instance::baseUrl)));
	}

	/** A client of one instance, signed in as {@code user}. */
	RestClient client(Instance instance, String user) {
		return RestClient.builder()
			.baseUrl(instance.baseUrl().toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token(user))
			.build();
	}

	/** An instance beyond the first of a service ({@link #startInstance}). */
	record Instance(Service service, int number, URI baseUrl, ServiceProcess process) {

		/** Like {@code kill -9}. */
		void kill() {
			process.kill();
		}

		void stop() {
			process.stop();
		}

		java.nio.file.Path log() {
			return process.log();
		}
	}

	void restart(Service service) {
		processes.get(service).start();
		awaitHealthy(List.of(processes.get(service)));
	}

	private void startAll() {
		Path root = RepositoryRoot.find();
		Path logs = LOGS;
		try {
			Files.createDirectories(logs);
			// This run's logs only: LogHygieneIT scans them for secrets, and a service restarted by a test appends.
			// Once per JVM: a second start after a failed one must not delete the logs that explain the failure.
			if (!logsCleared) {
				try (var previous = Files.newDirectoryStream(logs, "*.log")) {
					for (Path log : previous) {
						Files.delete(log);
					}
				}
				logsCleared = true;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Service service : Service.values()) {
			ports.put(service, FreePorts.next());
		}
		jvmFlags = localJvmFlags(root);
		// Zipkin binds its port only once its JVM is up: until then a service could be handed the same free port.
		int zipkinPort;
		do {
			zipkinPort = FreePorts.next();
		}
		while (ports.containsValue(zipkinPort));
		traces = new TraceStore(zipkinPort);
		traces.startInBackground();
		for (Service service : Service.values()) {
			processes.put(service, new ServiceProcess(service, root, logs, environmentFor(service)));
		}
		// All at once, as ./securecart up starts them: none needs another to start, and two cores stay busy only if
		// nothing waits.
		processes.values().forEach(ServiceProcess::start);
		awaitHealthy(processes.values());
		traces.awaitStarted();
		log.info("SecureCart running for end-to-end tests: {}, Zipkin at {}", ports, traces.baseUrl());
	}

	/**
	 * The flags {@code ./securecart} gives every JVM it starts unless {@code SECURECART_JAVA_OPTS} says otherwise, as
	 * {@code infra/local/jvm-flags.sh} prints them: one script, so that the two can never drift apart.
	 */
	private static String localJvmFlags(Path root) {
		Path script = root.resolve("infra/local/jvm-flags.sh");
		try {
			Process process = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			String flags = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			int exitCode = process.waitFor();
			if (exitCode != 0 || flags.isEmpty()) {
				throw new IllegalStateException(
						script + " exited with " + exitCode + " and printed '" + flags + "' (its errors: the test log)");
			}
			return flags;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading " + script, ex);
		}
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
		env.put("REDIS_HOST", infrastructure.redisHost());
		env.put("REDIS_PORT", String.valueOf(infrastructure.redisPort()));
		// ./securecart up's flags, so that the labs' stack, started from the same jars later in the build, finds the
		// startup caches made here (run-jar.sh keys them by the flags).
		env.put("JAVA_TOOL_OPTIONS", jvmFlags);
		env.put("SPRING_CLOUD_AWS_SQS_LISTENER_POLL_TIMEOUT", "2s");
		// Every span to this run's Zipkin, every log line as JSON (ECS), as ./securecart up runs them.
		env.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", traces.spansEndpoint());
		env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		// Long enough for a test to approve a review, short enough to watch an undecided one time out.
		env.put("SECURECART_FRAUD_REVIEW_TIMEOUT", FRAUD_REVIEW_TIMEOUT.toString());
		// Every request here comes from one address and few customers: ChaosIT's soak signs in and orders far faster
		// than a person. The limits themselves are proven by auth-server's TokenRateLimitIT and checkout's
		// OrderRateLimitIT; here they stay on, only higher.
		env.put("SECURECART_TOKEN_RATE_LIMIT", "100000");
		env.put("SECURECART_LOGIN_RATE_LIMIT", "100000");
		env.put("SECURECART_ORDER_RATE_LIMIT", "100000");
		String issuer = baseUrl(Service.AUTH).toString();
		if (service == Service.AUTH) {
			env.put("AUTH_ISSUER", issuer);
			env.put("CONSOLE_POST_LOGOUT_URI", consoleUrl() + "/");
			env.put("SPRING_APPLICATION_JSON", usersJson());
		}
		env.put("SECURECART_SECURITY_ISSUER_URI", issuer);
		env.put("SECURECART_SECURITY_JWK_SET_URI", issuer + "/oauth2/jwks");
		env.put("SECURECART_TOKEN_URI", issuer + "/oauth2/token");
		if (service == Service.FULFILLMENT) {
			// The simulated warehouse finds this SKU damaged while packing: the workflow's compensation path.
			env.put("SECURECART_FULFILLMENT_WAREHOUSE_DAMAGED_SKUS", DAMAGED_SKU);
		}
		return env;
	}

	/** The demo users and this run's customers, replacing the authorization server's list of users. */
	private static String usersJson() {
		StringBuilder users = new StringBuilder();
		AuthServerLogin.DEMO_PASSWORDS.keySet().forEach(name -> users.append("""
				{"username":"%s","passwordHash":"%s","roles":["%s"]},""".formatted(name,
				DEMO_PASSWORD_HASHES.get(name), "ops".equals(name) ? "ADMIN" : "CUSTOMER")));
		for (int n = 0; n < CUSTOMERS; n++) {
			users.append("""
					{"username":"%s","passwordHash":"%s","roles":["CUSTOMER"]},""".formatted(customer(n),
					CUSTOMER_PASSWORD_HASH));
		}
		users.setLength(users.length() - 1);
		return "{\"securecart\":{\"auth\":{\"users\":[" + users + "]}}}";
	}

	private void awaitHealthy(Iterable<ServiceProcess> toAwait) {
		awaitHealthy(toAwait, Map.of());
	}

	/** {@code baseUrls}: where an instance beyond the first listens; the others at their service's port. */
	private void awaitHealthy(Iterable<ServiceProcess> toAwait, Map<ServiceProcess, URI> baseUrls) {
		for (ServiceProcess process : toAwait) {
			RestClient client = RestClient.builder()
				.baseUrl(baseUrls.getOrDefault(process, baseUrl(process.service())).toString())
				.build();
			// The first start after a build trains the startup cache (ADR 19, 23): that run is bounded by run-jar.sh
			// (600 s), not by the health timeout, as in ./securecart up.
			await("%s's startup cache made (log: %s)".formatted(process.service().module(), process.log()))
				.atMost(STARTUP_CACHE_TRAINING_TIMEOUT)
				.pollInterval(Duration.ofSeconds(1))
				.failFast("%s exited; see %s".formatted(process.service().module(), process.log()),
						() -> !process.isAlive())
				.until(() -> !process.training());
			await("%s healthy (log: %s)".formatted(process.service().module(), process.log()))
				.atMost(HEALTH_TIMEOUT)
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.failFast("%s exited; see %s".formatted(process.service().module(), process.log()),
						() -> !process.isAlive())
				.until(() -> READY_STATES.contains(client.get()
					.uri("/actuator/health")
					.retrieve()
					.body(tools.jackson.databind.JsonNode.class)
					.path("status")
					.asString()));
		}
	}

	/** All at once: each service's graceful shutdown waits for its listeners, and the JVM's exit waits for this. */
	private void stopAll() {
		instances.forEach(instance -> instance.process().requestStop());
		processes.values().forEach(ServiceProcess::requestStop);
		instances.forEach(Instance::stop);
		processes.values().forEach(ServiceProcess::stop);
		if (traces != null) {
			traces.stop();
		}
	}
}
