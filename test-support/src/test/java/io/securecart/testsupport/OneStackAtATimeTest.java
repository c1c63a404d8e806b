package io.securecart.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two JVMs that each want a whole stack: the second waits until the first has exited. */
class OneStackAtATimeTest {

	@Test
	void aSecondJvmClaimsTheStackOnlyOnceTheFirstHasExited(@TempDir Path directory) throws Exception {
		Path program = directory.resolve("ClaimTheStack.java");
		Files.writeString(program, """
				class ClaimTheStack {
					public static void main(String[] args) throws Exception {
						io.securecart.testsupport.OneStackAtATime.claim();
						System.out.println("claimed");
						System.in.read();
					}
				}
				""");
		Process first = start(program);
		Process second = null;
		try {
			assertThat(claimed(first).get(60, TimeUnit.SECONDS)).isEqualTo("claimed");
			second = start(program);
			CompletableFuture<String> secondClaimed = claimed(second);

			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(secondClaimed).isNotDone());
			first.getOutputStream().close();

			assertThat(secondClaimed.get(60, TimeUnit.SECONDS)).isEqualTo("claimed");
			assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			first.destroyForcibly();
			if (second != null) {
				second.destroyForcibly();
			}
		}
	}

	private static Process start(Path program) throws IOException {
		return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), program.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
	}

	/** The program's "claimed", or null if it ended without; the lines before it are its log. */
	private static CompletableFuture<String> claimed(Process process) {
		return CompletableFuture.supplyAsync(() -> {
			try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
				return output.lines().filter("claimed"::equals).findFirst().orElse(null);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}
}
