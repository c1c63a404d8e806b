package io.securecart.testsupport;

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
		String claim = "io.securecart.testsupport.OneStackAtATime.claim();";
		try (AnotherJvm first = AnotherJvm.running(directory, claim, "\"claimed\"")) {
			assertThat(first.result()).isEqualTo("claimed");
			try (AnotherJvm second = AnotherJvm.running(directory, claim, "\"claimed\"")) {
				CompletableFuture<String> secondClaimed = CompletableFuture.supplyAsync(second::result);

				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(secondClaimed).isNotDone());
				assertThat(first.exit()).isTrue();

				assertThat(secondClaimed.get(60, TimeUnit.SECONDS)).isEqualTo("claimed");
			}
		}
	}
}
