package io.securecart.testsupport;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two JVMs that each want a whole stack: the second waits until the first has exited. */
class OneStackAtATimeTest {

	@Test
	void aSecondJvmClaimsTheStackOnlyOnceTheFirstHasExited(@TempDir Path directory) throws Exception {
		String claim = "io.securecart.testsupport.OneStackAtATime.claim();";
		try (AnotherJvm first = AnotherJvm.running(directory, claim, "\"claimed\"")) {
			assertThat(first.result()).isEqualTo("claimed");
			try (AnotherJvm second = AnotherJvm.running(directory, claim, "\"claimed\"")) {
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(second.hasResult()).as("claimed while the first runs").isFalse());
				assertThat(first.exit()).isTrue();

				assertThat(second.result()).isEqualTo("claimed");
			}
		}
	}
}
