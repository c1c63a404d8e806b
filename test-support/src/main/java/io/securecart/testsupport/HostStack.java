package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * moto, a PostgreSQL primary + replica and Redis, started from this machine's binaries by the same scripts that
 * {@code ./securecart up} uses ({@code infra/local/}), on {@link FreePorts}, in a temporary directory. Stopped at JVM
 * exit.
 */
final class HostStack {

	private static final Logger log = LoggerFactory.getLogger(HostStack.class);

	/** The PostgreSQL clusters this JVM started, once {@link #start()} has run: what the replica commands act on. */
	private static volatile Path postgresState;

	/** The Redis this JVM started, once {@link #start()} has run: its state directory and port. */
	private static volatile Path redisState;

	private static volatile int redisPort;

	/** The slowest script (PostgreSQL's first initdb and base backup on a busy machine) takes well under this. */
	static final long SCRIPT_TIMEOUT_SECONDS = 120;

	private HostStack() {
	}

	static TestInfrastructure start() {
		Path scripts = RepositoryRoot.find().resolve("infra/local");
		Path state = createStateDirectory();
		int motoPort = FreePorts.next();
		int primaryPort = FreePorts.next();
		int replicaPort = FreePorts.next();
		int redisPort = FreePorts.next();
		Path postgresState = state.resolve("pg");
		Path motoState = state.resolve("moto");
		Path redisState = state.resolve("redis");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			run(scripts.resolve("moto.sh"), "stop", motoState.toString());
			run(scripts.resolve("redis.sh"), "stop", redisState.toString());
			// Each run's clusters take ~150 MB: remove them, not only stop them.
			run(scripts.resolve("postgres.sh"), "destroy", postgresState.toString());
			FileSystemUtils.deleteRecursively(state.toFile());
		}, "securecart-host-stack-stop"));
		run(scripts.resolve("postgres.sh"), "start", postgresState.toString(), String.valueOf(primaryPort),
				String.valueOf(replicaPort));
		HostStack.postgresState = postgresState;
		run(scripts.resolve("moto.sh"), "start", motoState.toString(), String.valueOf(motoPort));
		run(scripts.resolve("redis.sh"), "start", redisState.toString(), String.valueOf(redisPort));
		HostStack.redisState = redisState;
		HostStack.redisPort = redisPort;
		log.info("Host stack up: moto on {}, PostgreSQL primary on {}, replica on {}, Redis on {} (state in {})",
				motoPort, primaryPort, replicaPort, redisPort, state);
		return new TestInfrastructure("HOST", URI.create("http://127.0.0.1:" + motoPort), "us-east-1", "test", "test",
				"127.0.0.1", primaryPort, replicaPort, "securecart", "securecart", "127.0.0.1", redisPort);
	}

	/** The clusters this JVM started, stopped, started and crashed by {@code infra/local/postgres.sh}. */
	static DatabaseServers databaseServers() {
		return new DatabaseServers() {

			/** Fast shutdown of the replica only, as an outage would; the primary keeps serving. */
			@Override
			public void stopReplica() {
				run(RepositoryRoot.find().resolve("infra/local/postgres.sh"), "stop-replica",
						startedPostgres().toString());
			}

			/** Starts the replica again; the script returns once it accepts reads and streams from the primary. */
			@Override
			public void startReplica() {
				run(RepositoryRoot.find().resolve("infra/local/postgres.sh"), "start-replica",
						startedPostgres().toString());
			}

			/** Immediate shutdown of the primary, then a start on its port; the script waits for the replica. */
			@Override
			public void crashAndRestartPrimary() {
				run(RepositoryRoot.find().resolve("infra/local/postgres.sh"), "crash-restart-primary",
						startedPostgres().toString());
			}

			/** SIGTERM: Redis closes its connections and exits; nothing is persisted. */
			@Override
			public void stopRedis() {
				run(RepositoryRoot.find().resolve("infra/local/redis.sh"), "stop", startedRedis().toString());
			}

			@Override
			public void startRedis() {
				run(RepositoryRoot.find().resolve("infra/local/redis.sh"), "start", startedRedis().toString(),
						String.valueOf(redisPort));
			}
		};
	}

	private static Path startedPostgres() {
		Path state = postgresState;
		if (state == null) {
			throw new IllegalStateException("The host stack's PostgreSQL has not been started in this JVM");
		}
		return state;
	}

	private static Path startedRedis() {
		Path state = redisState;
		if (state == null) {
			throw new IllegalStateException("The host stack's Redis has not been started in this JVM");
		}
		return state;
	}

	private static Path createStateDirectory() {
		try {
			Path directory = Files.createTempDirectory("securecart-test-");
			// PostgreSQL runs as its own OS user when the tests run as root: it must reach its data directory.
			directory.toFile().setExecutable(true, false);
			directory.toFile().setReadable(true, false);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs a script to completion, bounded. Its output goes to a file, not a pipe: the scripts start daemons (moto,
	 * PostgreSQL) that inherit the script's output, and reading a pipe to its end would wait for them to exit too.
	 */
	static void run(Path script, String... args) {
		List<String> command = new ArrayList<>(List.of("bash", script.toString()));
		command.addAll(List.of(args));
		Path output = null;
		Process process = null;
		try {
			output = Files.createTempFile("securecart-script-", ".log");
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
				.start();
			boolean exited = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			String text = Files.readString(output);
			if (!exited) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new IllegalStateException("Timed out after %d s: %s%n%s".formatted(SCRIPT_TIMEOUT_SECONDS,
						String.join(" ", command), text));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Failed (exit %d): %s%n%s".formatted(process.exitValue(),
						String.join(" ", command), text));
			}
			log.debug("{}: {}", String.join(" ", command), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (process != null) {
				process.destroyForcibly();
			}
			throw new IllegalStateException(ex);
		}
		finally {
			if (output != null) {
				output.toFile().delete();
			}
		}
	}
}
