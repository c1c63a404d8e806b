package io.securecart.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./securecart up} that fails half-way says which step failed and where its log is, and stops what it had
 * started: here PostgreSQL and the issuer (which needs only PostgreSQL) are started when moto cannot start, because
 * something else holds moto's port.
 */
class LauncherUpIT {

	@Test
	void aFailedUpNamesTheStepAndItsLogAndStopsWhatItStarted() throws Exception {
		Path root = RepositoryRoot.find();
		Path state = Files.createTempDirectory("securecart-launcher-");
		state.toFile().setExecutable(true, false);
		state.toFile().setReadable(true, false);
		Path output = state.resolve("up.out");
		int postgresPort = FreePorts.next();
		int replicaPort = FreePorts.next();
		int authPort = FreePorts.next();
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress("127.0.0.1", 0));
			ProcessBuilder up = new ProcessBuilder("bash", root.resolve("securecart").toString(), "up")
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			up.environment()
				.putAll(Map.of("SECURECART_STATE", state.toString(), "SECURECART_SKIP_BUILD", "1", "PG_PORT",
						String.valueOf(postgresPort), "PG_REPLICA_PORT", String.valueOf(replicaPort), "MOTO_PORT",
						String.valueOf(squatter.getLocalPort()), "AUTH_PORT", String.valueOf(authPort)));
			Process process = up.start();

			assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("up finished").isTrue();
			String text = Files.readString(output);

			assertThat(process.exitValue()).as(text).isNotZero();
			assertThat(text).contains("'up' failed at step: starting moto")
				.contains("(log: " + state.resolve("moto/moto.log"))
				.contains("stopping what this 'up' started: auth postgres moto");
			for (int port : List.of(postgresPort, replicaPort, authPort)) {
				assertThat(accepts(port)).as("PostgreSQL or auth-server on %d was stopped", port).isFalse();
			}
		}
		finally {
			HostStack.run(root.resolve("infra/local/postgres.sh"), "destroy", state.resolve("pg").toString());
			FileSystemUtils.deleteRecursively(state);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}
}
