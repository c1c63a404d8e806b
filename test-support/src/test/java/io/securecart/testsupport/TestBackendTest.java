package io.securecart.testsupport;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestBackendTest {

	@Test
	void startsTheHostStackWhenNothingIsConfigured() {
		assertThat(TestBackend.select(Map.of())).isEqualTo(TestBackend.HOST);
	}

	@Test
	void usesExternalEndpointsWhenTheEnvironmentNamesThem() {
		Map<String, String> env = Map.of(TestBackend.AWS_ENDPOINT, "http://localhost:4566", TestBackend.PG_HOST,
				"localhost", TestBackend.PG_PORT, "5432", TestBackend.PG_REPLICA_PORT, "5433");

		assertThat(TestBackend.select(env)).isEqualTo(TestBackend.EXTERNAL);
		assertThat(TestBackend.EXTERNAL.start(env).replicaJdbcUrl("inventory"))
			.isEqualTo("jdbc:postgresql://localhost:5433/inventory");
	}

	@Test
	void refusesAHalfConfiguredExternalBackend() {
		assertThatThrownBy(() -> TestBackend.select(Map.of(TestBackend.AWS_ENDPOINT, "http://localhost:4566")))
			.hasMessageContaining(TestBackend.PG_HOST);
	}
}
