package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link TestBackend#EXTERNAL} backend's replica: the tests did not start it, so they stop and start it with
 * commands, run by {@code sh -c} in the repository's root. By default those of {@code docker compose}, whose replica
 * keeps its published port (15433) across a stop; {@code SECURECART_TEST_REPLICA_STOP} and
 * {@code SECURECART_TEST_REPLICA_START} name others, for a replica started some other way.
 */
record ExternalReplicaCommands(String stopCommand, String startCommand, Path directory) implements ReplicaServer {

	static final String STOP = "SECURECART_TEST_REPLICA_STOP";

	static final String START = "SECURECART_TEST_REPLICA_START";

	static final String COMPOSE_STOP = "docker compose stop postgres-replica";

	/** {@code --wait}: returns once the replica's healthcheck passes, i.e. its WAL receiver streams. */
	static final String COMPOSE_START = "docker compose up --detach --wait postgres-replica";

	static ExternalReplicaCommands from(Map<String, String> env, Path directory) {
		return new ExternalReplicaCommands(command(env, STOP, COMPOSE_STOP), command(env, START, COMPOSE_START),
				directory);
	}

	@Override
	public void stop() {
		run(stopCommand);
	}

	@Override
	public void start() {
		run(startCommand);
	}

	private void run(String command) {
		try {
			Process process = new ProcessBuilder("sh", "-c", command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("The external backend's replica command failed: " + command + "\n"
						+ output + "(set " + STOP + " and " + START + " to the commands that stop and start your replica)");
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
