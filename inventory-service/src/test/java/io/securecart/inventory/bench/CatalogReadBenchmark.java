package io.securecart.inventory.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.securecart.inventory.InventoryApplication;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import io.securecart.testsupport.TestInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Catalog reads per second with replica routing on and off, and what they cost the primary. A benchmark, not a
 * test: nothing here asserts a timing, and {@code ./mvnw verify} does not run it (it is neither {@code *Test} nor
 * {@code *IT}). Run it against the host stack (PostgreSQL primary + replica and moto, started by the test harness):
 *
 * <pre>
 * ./mvnw -q -B -ntp -f inventory-service/pom.xml test-compile \
 *     org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.securecart.inventory.bench.CatalogReadBenchmark \
 *     [-Dbench.seconds=10] [-Dbench.warmup-seconds=3] [-Dbench.clients=8] [-Dbench.rounds=2]
 * </pre>
 *
 * For each mode, in each round, it starts the inventory service on a free port, the product cache off (so every
 * read reaches a database server), sends {@code GET /api/catalog/products/{sku}} over the demo catalog from
 * {@code bench.clients} concurrent clients for {@code bench.seconds}, and reports:
 * <ul>
 * <li>successful reads per second;</li>
 * <li>CPU time of each server's processes (the backends and background processes that {@code pg_stat_activity}
 * lists, from {@code /proc/<pid>/stat} utime + stime; Linux only), and the primary's share of it;</li>
 * <li>transactions each server committed in the {@code inventory} database ({@code pg_stat_database.xact_commit}),
 * the proxy for load where {@code /proc} is not available.</li>
 * </ul>
 * Routing off is {@code securecart.inventory.replica.enabled=false}: every read goes to the primary. Both servers,
 * the service and the load run on one machine here, so reads per second say little about a real deployment (where
 * the replica adds a machine); the primary's share is the point: with routing on, catalog traffic leaves the primary
 * to reservations and writes.
 */
public final class CatalogReadBenchmark {

	private static final Logger log = LoggerFactory.getLogger(CatalogReadBenchmark.class);

	private static final List<String> DEMO_SKUS = List.of("SC-TSHIRT-001", "SC-MUG-002", "SC-HOODIE-003",
			"SC-STICKER-004", "SC-LAPTOP-005", "SC-POSTER-006");

	/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
	private static final double CLOCK_TICKS_PER_SECOND = 100;

	private CatalogReadBenchmark() {
	}

	public static void main(String[] args) {
		Duration measured = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
		Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 3));
		int clients = Integer.getInteger("bench.clients", 8);
		int rounds = Integer.getInteger("bench.rounds", 2);
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		Server primary = new Server("primary", jdbc(infrastructure, infrastructure.jdbcUrl("inventory")));
		Server replica = new Server("replica", jdbc(infrastructure, infrastructure.replicaJdbcUrl("inventory")));

		List<Result> results = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			// Alternating which mode goes first, so that neither always runs on a colder JVM.
			boolean[] modes = round % 2 == 1 ? new boolean[] { true, false } : new boolean[] { false, true };
			for (boolean routing : modes) {
				try (ConfigurableApplicationContext service = start(routing)) {
					int port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
					load(port, clients, warmup);
					Sample before = Sample.of(primary, replica);
					long reads = load(port, clients, measured);
					Sample after = Sample.of(primary, replica);
					results.add(new Result(round, routing, reads / (double) measured.toSeconds(), before, after));
				}
			}
		}
		log.info("Catalog reads, {} clients, {} s each, cache off (round 1 also warms up the JVM's JIT: compare the "
				+ "later rounds):", clients, measured.toSeconds());
		results.forEach(result -> log.info("{}", result));
	}

	private static ConfigurableApplicationContext start(boolean routing) {
		// As command-line arguments: they override application.yml, as they would for the service's jar.
		return new SpringApplicationBuilder(InventoryApplication.class)
			.initializers(new SecureCartInfrastructureInitializer())
			.run("--server.port=0", "--securecart.inventory.replica.enabled=" + routing, "--spring.cache.type=none",
					"--spring.main.banner-mode=off", "--logging.level.root=WARN",
					"--logging.level.io.securecart.inventory.bench=INFO");
	}

	/** Reads products from {@code clients} concurrent clients for {@code duration}; returns how many succeeded. */
	private static long load(int port, int clients, Duration duration) {
		AtomicLong succeeded = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		long deadline = System.nanoTime() + duration.toNanos();
		try (HttpClient http = HttpClient.newHttpClient();
				ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int client = 0; client < clients; client++) {
				int first = client;
				executor.submit(() -> {
					for (int i = first; System.nanoTime() - deadline < 0; i++) {
						HttpRequest request = HttpRequest
							.newBuilder(URI.create("http://localhost:%d/api/catalog/products/%s".formatted(port,
									DEMO_SKUS.get(i % DEMO_SKUS.size()))))
							.build();
						try {
							int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
							(status == 200 ? succeeded : failed).incrementAndGet();
						}
						catch (IOException ex) {
							failed.incrementAndGet();
						}
					}
					return null;
				});
			}
		}
		if (failed.get() > 0) {
			log.warn("{} reads failed", failed.get());
		}
		return succeeded.get();
	}

	private static JdbcClient jdbc(TestInfrastructure infrastructure, String url) {
		return JdbcClient.create(new DriverManagerDataSource(url, infrastructure.postgresUser(),
				infrastructure.postgresPassword()));
	}

	/** One database server: its committed transactions and the CPU time of its processes. */
	private record Server(String name, JdbcClient jdbc) {

		long committedTransactions() {
			return jdbc.sql("select xact_commit from pg_stat_database where datname = 'inventory'")
				.query(Long.class)
				.single();
		}

		/** CPU clock ticks by process id, for every process of the server that pg_stat_activity lists. */
		Map<Integer, Long> cpuTicks() {
			return jdbc.sql("select pid from pg_stat_activity")
				.query(Integer.class)
				.list()
				.stream()
				.filter(pid -> Files.isReadable(Path.of("/proc", pid.toString(), "stat")))
				.collect(Collectors.toMap(pid -> pid, Server::ticks, (a, b) -> a));
		}

		private static long ticks(int pid) {
			try {
				String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
				// Fields after the command, which is in parentheses and may contain spaces: utime is the 14th
				// field of the line, stime the 15th.
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private record Sample(long primaryTransactions, long replicaTransactions, Map<Integer, Long> primaryTicks,
			Map<Integer, Long> replicaTicks) {

		static Sample of(Server primary, Server replica) {
			return new Sample(primary.committedTransactions(), replica.committedTransactions(), primary.cpuTicks(),
					replica.cpuTicks());
		}
	}

	private record Result(int round, boolean routing, double readsPerSecond, Sample before, Sample after) {

		/** CPU seconds of the processes alive at both samples (the pools' connections live throughout). */
		private static double cpuSeconds(Map<Integer, Long> before, Map<Integer, Long> after) {
			return after.entrySet()
				.stream()
				.filter(entry -> before.containsKey(entry.getKey()))
				.mapToLong(entry -> entry.getValue() - before.get(entry.getKey()))
				.sum() / CLOCK_TICKS_PER_SECOND;
		}

		@Override
		public String toString() {
			double primaryCpu = cpuSeconds(before.primaryTicks(), after.primaryTicks());
			double replicaCpu = cpuSeconds(before.replicaTicks(), after.replicaTicks());
			long primaryTransactions = after.primaryTransactions() - before.primaryTransactions();
			long replicaTransactions = after.replicaTransactions() - before.replicaTransactions();
			return ("round %d, replica routing %-3s: %,8.0f reads/s | CPU s primary %6.2f, replica %6.2f, "
					+ "primary share %3.0f%% | transactions primary %,d, replica %,d, primary share %3.0f%%")
				.formatted(round, routing ? "on" : "off", readsPerSecond, primaryCpu, replicaCpu,
						share(primaryCpu, replicaCpu), primaryTransactions, replicaTransactions,
						share(primaryTransactions, replicaTransactions));
		}

		private static double share(double primary, double replica) {
			return primary + replica == 0 ? 0 : 100 * primary / (primary + replica);
		}
	}
}
