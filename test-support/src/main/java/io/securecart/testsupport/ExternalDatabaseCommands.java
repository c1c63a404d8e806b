package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link TestBackend#EXTERNAL} backend's database servers: the tests did not start them, so they take them down
 * and up with commands, run by {@code sh -c} in the repository's root. By default those of {@code docker compose},
 * whose servers keep their published ports (15432, 15433, 6379) across a stop; {@code SECURECART_TEST_REPLICA_STOP},
 * {@code SECURECART_TEST_REPLICA_START}, {@code SECURECART_TEST_PRIMARY_RESTART}, {@code SECURECART_TEST_REDIS_STOP}
 * and {@code SECURECART_TEST_REDIS_START} name others, for servers started some other way.
 */
record ExternalDatabaseCommands(String stopCommand, String startCommand, String primaryRestartCommand,
		String redisStopCommand, String redisStartCommand, Path directory) implements DatabaseServers {

	static final String STOP = "SECURECART_TEST_REPLICA_STOP";

	static final String START = "SECURECART_TEST_REPLICA_START";

	static final String PRIMARY_RESTART = "SECURECART_TEST_PRIMARY_RESTART";

	static final String REDIS_STOP = "SECURECART_TEST_REDIS_STOP";

	static final String REDIS_START = "SECURECART_TEST_REDIS_START";

	static final String COMPOSE_REDIS_STOP = "docker compose stop redis";

	/** {@code --wait}: returns once Redis' healthcheck (a PING) passes. */
	static final String COMPOSE_REDIS_START = "docker compose up --detach --wait redis";

	static final String COMPOSE_STOP = "docker compose stop postgres-replica";

	/** {@code --wait}: returns once the replica's healthcheck passes, i.e. its WAL receiver streams. */
	static final String COMPOSE_START = "docker compose up --detach --wait postgres-replica";

	/** SIGKILL is a crash; {@code --wait} returns once both healthchecks pass, the replica's streaming again. */
	static final String COMPOSE_PRIMARY_RESTART = "docker compose kill -s SIGKILL postgres-primary"
			+ " && docker compose up --detach --wait postgres-primary postgres-replica";

	static ExternalDatabaseCommands from(Map<String, String> env, Path directory) {
		return new ExternalDatabaseCommands(command(env, STOP, COMPOSE_STOP), command(env, START, COMPOSE_START),
				command(env, PRIMARY_RESTART, COMPOSE_PRIMARY_RESTART), command(env, REDIS_STOP, COMPOSE_REDIS_STOP),
				command(env, REDIS_START, COMPOSE_REDIS_START), directory);
	}

	@Override
	public void stopReplica() {
		run(stopCommand);
	}

	@Override
	public void startReplica() {
		run(startCommand);
	}

	@Override
	public void crashAndRestartPrimary() {
		run(primaryRestartCommand);
	}

	@Override
	public void stopRedis() {
		run(redisStopCommand);
	}

	@Override
	public void startRedis() {
		run(redisStartCommand);
	}

	private void run(String command) {
		try {
			Process process = new ProcessBuilder("sh", "-c", command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("The external backend's database command failed: " + command + "\n"
						+ output + "(set " + STOP + ", " + START + ", " + PRIMARY_RESTART + ", " + REDIS_STOP + " and "
						+ REDIS_START + " to the commands that take your servers down and up)");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String command(Map<String, String> env, String name, String fallback) {
		String value = env.get(name);
		return value == null || value.isBlank() ? fallback : value;
	}
}
