package io.securecart.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StartGateTest {

	@TempDir
	Path folder;

	@Test
	void theLoadWaitsAtTheGateUntilTheBenchmarkOpensIt() throws Exception {
		StartGate gate = new StartGate(folder.resolve("gatling").resolve("steady.gate"));
		CompletableFuture<Void> simulation = CompletableFuture
			.runAsync(() -> gate.passThrough(Duration.ofMinutes(1)));

		assertThat(gate.awaitReady(Duration.ofSeconds(30), () -> true)).isTrue();
		assertThat(simulation).as("still waiting at the gate").isNotDone();

		gate.open();
		simulation.get(30, TimeUnit.SECONDS);
		assertThat(simulation).isCompleted();
	}

	@Test
	void aSimulationThatEndedNeverReachesTheGate() {
		StartGate gate = new StartGate(folder.resolve("steady.gate"));

		assertThat(gate.awaitReady(Duration.ofMinutes(1), () -> false)).isFalse();
	}

	@Test
	void aGateNobodyOpensFailsTheRun() {
		StartGate gate = new StartGate(folder.resolve("steady.gate"));

		assertThatIllegalStateException().isThrownBy(() -> gate.passThrough(Duration.ofMillis(200)))
			.withMessageContaining("Nobody opened");
		assertThat(gate.awaitReady(Duration.ofSeconds(1), () -> true)).as("it had said it was ready").isTrue();
	}
}
