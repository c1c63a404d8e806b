package io.securecart.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceTest {

	@ParameterizedTest
	@ValueSource(strings = { "postgres:15.19-bookworm", "localstack/localstack:4.12.0",
			"eclipse-temurin:21.0.12_8-jre-noble", "ghcr.io/acme/tool:1.2", "prom/prometheus:v2.55.1",
			"postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })
	void pinned(String reference) {
		assertThat(ImageReference.parse(reference).pinned()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres", "postgres:latest", "postgres:15", "eclipse-temurin:21-jre",
			"localstack/localstack:stable", "bitnami/postgresql:latest", "prom/prometheus:v2" })
	void notPinned(String reference) {
		assertThat(ImageReference.parse(reference).pinned()).isFalse();
	}

	@Test
	void splitsRepositoryAndTag() {
		ImageReference reference = ImageReference.parse("localstack/localstack:4.12.0");

		assertThat(reference.repository()).isEqualTo("localstack/localstack");
		assertThat(reference.tag()).contains("4.12.0");
	}
}
