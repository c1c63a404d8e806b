package io.securecart.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which backend the tests run against, decided from a fake environment and a fake Docker probe. */
class TestBackendTest {

	private static final Map<String, String> EXTERNAL_ENDPOINTS = Map.of(TestBackend.AWS_ENDPOINT,
			"http://localhost:4566", TestBackend.PG_HOST, "localhost", TestBackend.PG_PORT, "15432",
			TestBackend.PG_REPLICA_PORT, "15433");

	private final CountingProbe dockerRuns = new CountingProbe(true);

	private final CountingProbe noDocker = new CountingProbe(false);

	@Test
	void startsTheHostStackWhenNothingIsConfiguredAndNoDockerEngineAnswers() {
		assertThat(TestBackend.select(Map.of(), noDocker)).isEqualTo(TestBackend.HOST);
		assertThat(noDocker.calls).hasValue(1);
	}

	@Test
	void startsContainersWhenNothingIsConfiguredAndADockerEngineAnswers() {
		assertThat(TestBackend.select(Map.of(), dockerRuns)).isEqualTo(TestBackend.TESTCONTAINERS);
	}

	@Test
	void usesExternalEndpointsWhenTheEnvironmentNamesThemWithoutAskingDocker() {
		assertThat(TestBackend.select(EXTERNAL_ENDPOINTS, dockerRuns)).isEqualTo(TestBackend.EXTERNAL);
		assertThat(dockerRuns.calls).hasValue(0);
		assertThat(TestBackend.EXTERNAL.start(EXTERNAL_ENDPOINTS).replicaJdbcUrl("inventory"))
			.isEqualTo("jdbc:postgresql://localhost:15433/inventory");
	}

	@Test
	void refusesAHalfConfiguredExternalBackend() {
		assertThatThrownBy(
				() -> TestBackend.select(Map.of(TestBackend.AWS_ENDPOINT, "http://localhost:4566"), dockerRuns))
			.hasMessageContaining(TestBackend.PG_HOST);
	}

	@Test
	void theOverrideChoosesTheHostStackEvenWhenDockerRunsAndEndpointsAreNamed() {
		Map<String, String> env = with(EXTERNAL_ENDPOINTS, TestBackend.BACKEND, "host");

		assertThat(TestBackend.select(env, dockerRuns)).isEqualTo(TestBackend.HOST);
		assertThat(dockerRuns.calls).hasValue(0);
	}

	@Test
	void theOverrideChoosesContainersInAnyCase() {
		assertThat(TestBackend.select(Map.of(TestBackend.BACKEND, "TestContainers"), dockerRuns))
			.isEqualTo(TestBackend.TESTCONTAINERS);
	}

	@Test
	void theOverrideChoosesExternalEndpointsOverDocker() {
		Map<String, String> env = with(EXTERNAL_ENDPOINTS, TestBackend.BACKEND, "external");

		assertThat(TestBackend.select(env, dockerRuns)).isEqualTo(TestBackend.EXTERNAL);
	}

	@Test
	void anOverrideForContainersFailsClearlyWithoutDocker() {
		assertThatThrownBy(() -> TestBackend.select(Map.of(TestBackend.BACKEND, "testcontainers"), noDocker))
			.hasMessageContaining("no Docker engine");
	}

	@Test
	void anOverrideForExternalEndpointsNeedsThem() {
		assertThatThrownBy(() -> TestBackend.select(Map.of(TestBackend.BACKEND, "external"), dockerRuns))
			.hasMessageContaining(TestBackend.AWS_ENDPOINT);
	}

	@Test
	void anUnknownOverrideNamesTheChoices() {
		assertThatThrownBy(() -> TestBackend.select(Map.of(TestBackend.BACKEND, "docker"), dockerRuns))
			.hasMessageContaining("external, testcontainers, host");
	}

	@Test
	void blankVariablesCountAsUnset() {
		Map<String, String> env = Map.of(TestBackend.BACKEND, " ", TestBackend.AWS_ENDPOINT, "");

		assertThat(TestBackend.select(env, noDocker)).isEqualTo(TestBackend.HOST);
	}

	@Test
	void describesTheContainersItWouldStart() {
		assertThat(TestBackend.TESTCONTAINERS.describe(Map.of())).contains(TestcontainersStack.LOCALSTACK_IMAGE,
				TestcontainersStack.POSTGRES_IMAGE);
	}

	private static Map<String, String> with(Map<String, String> env, String name, String value) {
		Map<String, String> copy = new HashMap<>(env);
		copy.put(name, value);
		return copy;
	}

	private static final class CountingProbe implements DockerProbe {

		private final boolean available;

		private final AtomicInteger calls = new AtomicInteger();

		private CountingProbe(boolean available) {
			this.available = available;
		}

		@Override
		public boolean isDockerAvailable() {
			calls.incrementAndGet();
			return available;
		}
	}
}
