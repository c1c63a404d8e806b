package io.securecart.console.shop;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {

	@Test
	void aReadFromTheReplicaSaysHowFarItTrailed() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Data-Source", "replica");
		headers.add("X-Replica-Lag-Ms", "12");
		headers.add(HttpHeaders.AGE, "3");

		assertThat(Freshness.of(headers).describe())
			.isEqualTo("Read from the read replica, 12 ms behind the primary. Cached for 3 s.");
	}

	@Test
	void aReadFromThePrimarySaysWhy() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Data-Source", "primary");

		assertThat(Freshness.of(headers).describe()).startsWith("Read from the primary (fresh");
	}

	@Test
	void missingOrMalformedHeadersAreSaidSoAndNeverFail() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Replica-Lag-Ms", "soon");

		assertThat(Freshness.of(headers).replicaLagMs()).isNull();
		assertThat(Freshness.of(headers).describe()).isEqualTo("The catalog did not say where this was read from.");
	}
}
