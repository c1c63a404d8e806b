package io.securecart.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup figures say whether each service started with the JDK's startup cache (infra/local/run-jar.sh). */
class StartupScenarioTest {

	@Test
	void aServiceThatMadeItsCacheFirstSaysHowLongThatTook() {
		String log = """
				run-jar.sh: training the startup cache of payment-service (once per build; log: target/aot/training.log)
				run-jar.sh: startup cache of payment-service made in 41 s (88 MB)
				run-jar.sh: payment-service starts with its startup cache (payment-service-123.aot)
				{"@timestamp":"2026-11-30T19:40:00Z","message":"Started PaymentApplication in 6.1 seconds"}
				""";

		assertThat(StartupScenario.startupCache(log)).isEqualTo("trained in 41 s");
	}

	@Test
	void aServiceSaysWhetherItStartedWithTheCache() {
		assertThat(StartupScenario.startupCache("run-jar.sh: payment-service starts with its startup cache (x.aot)\n"))
			.isEqualTo("yes");
		assertThat(StartupScenario.startupCache(
				"run-jar.sh: payment-service starts without a startup cache (SECURECART_STARTUP_CACHE=off)\n"))
			.isEqualTo("no");
		assertThat(StartupScenario.startupCache("""
				run-jar.sh: payment-service starts without a startup cache (x.jsa); the JVM writes it when it stops
				{"@timestamp":"2026-12-02T22:40:00Z","message":"Started PaymentApplication in 12.3 seconds"}
				""")).isEqualTo("no, written at its stop");
		assertThat(StartupScenario.startupCache("Started PaymentApplication in 27.6 seconds\n")).isEqualTo("?");
	}
}
