package io.securecart.labs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.securecart.testsupport.FreePorts;
import io.securecart.testsupport.OneStackAtATime;
import io.securecart.testsupport.RepositoryRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The labs' tier: each lab in {@code labs/} run as a learner runs it, against {@code ./securecart up} on free ports
 * with a state directory of its own. For each lab: {@code ./securecart lab reset N}; {@code ./securecart lab check N}
 * must fail (every step not done: a check cannot pass vacuously); then every {@code ```bash lab} block, in order, must
 * succeed and print what the {@code ```text expected} block after it promises; then {@code ./securecart lab check N}
 * must pass. A lab whose text and behaviour drift apart fails here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabsIT {

	private static final Logger log = LoggerFactory.getLogger(LabsIT.class);

	private static final Path ROOT = RepositoryRoot.find();

	private static final List<String> PORTS = List.of("CHECKOUT_PORT", "PAYMENT_PORT", "FULFILLMENT_PORT",
			"NOTIFICATION_PORT", "INVENTORY_PORT", "AUTH_PORT", "CONSOLE_PORT", "ZIPKIN_PORT", "PROMETHEUS_PORT", "MOTO_PORT",
			"PG_PORT", "PG_REPLICA_PORT", "REDIS_PORT");

	private static Path state;

	private static final Map<String, String> environment = new HashMap<>();

	@BeforeAll
	static void startTheStack() throws Exception {
		OneStackAtATime.claim();
		state = Files.createTempDirectory("securecart-labs-");
		// PostgreSQL runs as the postgres user when the tests run as root: it must reach its directory.
		state.toFile().setExecutable(true, false);
		state.toFile().setReadable(true, false);
		environment.put("SECURECART_STATE", state.toString());
		environment.put("SECURECART_SKIP_BUILD", "1");
		for (String port : PORTS) {
			environment.put(port, String.valueOf(FreePorts.next()));
		}
		environment.put("AWS_ENDPOINT", "http://localhost:" + environment.get("MOTO_PORT"));
		// Bounded by the launcher itself (each wait for health: SECURECART_HEALTH_TIMEOUT); this only catches a hang.
		Run up = run("up", List.of("bash", "securecart", "up"), 1200);
		assertThat(up.exit()).as("./securecart up\n%s", up.output()).isZero();
	}

	@AfterAll
	static void stopTheStack() throws Exception {
		if (state == null) {
			return;
		}
		// Bounded by the launcher itself (SECURECART_STOP_TIMEOUT, 90 s: the services that never stopped since the build
		// write their class archives now, ADR 26); this only catches a hang.
		run("down", List.of("bash", "securecart", "down"), 300);
		run("destroy", List.of("bash", "infra/local/postgres.sh", "destroy", state.resolve("pg").toString()), 60);
		FileSystemUtils.deleteRecursively(state);
	}

	// Labs 1 and 5 last: they restart services (checkout and payment, fulfillment), the others at most stop and start
	// payment-service. Each lab resets first.
	@Test
	@Order(4)
	void lab1FeelTightCoupling() throws Exception {
		runLab(1, "01-feel-tight-coupling.md");
	}

	@Test
	@Order(1)
	void lab2SqsFifoOrderProcessing() throws Exception {
		runLab(2, "02-sqs-fifo-order-processing.md");
	}

	@Test
	@Order(2)
	void lab3VisibilityTimeoutDeadLetterQueueAndRedrive() throws Exception {
		runLab(3, "03-visibility-dlq-redrive.md");
	}

	@Test
	@Order(3)
	void lab4EventBridgeFraudScreening() throws Exception {
		runLab(4, "04-eventbridge-fraud-screening.md");
	}

	@Test
	@Order(5)
	void lab5StepFunctionsFulfillment() throws Exception {
		runLab(5, "05-step-functions-fulfillment.md");
	}

	private void runLab(int n, String file) throws Exception {
		LabText lab = LabText.read(ROOT.resolve("labs").resolve(file));
		assertThat(lab.steps()).as("runnable blocks in %s", file).isNotEmpty();
		Run reset = run("lab " + n + " reset", List.of("bash", "securecart", "lab", "reset", String.valueOf(n)), 300);
		assertThat(reset.exit()).as(reset.output()).isZero();

		Run before = run("lab " + n + " check before", List.of("bash", "securecart", "lab", "check", String.valueOf(n)),
				120);
		assertThat(before.exit()).as("lab check %d before the steps must fail:\n%s", n, before.output()).isNotZero();
		assertThat(before.output()).as("no step is done before the lab").doesNotContainPattern("(?m)^done ");

		Path variables = state.resolve("lab-" + n + ".env");
		for (LabText.Step step : lab.steps()) {
			// The variables file and the block are positional parameters: as variables, the previous block's values,
			// which the variables file restores, would replace them.
			Run block = run("%s:%d".formatted(file, step.line()), List.of("bash", "-c", """
					set -a; [ ! -f "$1" ] || . "$1"
					set -eo pipefail
					. "$2"
					{ export -p; declare -f; } > "$1"
					""", "lab-block", variables.toString(), write(step.commands()).toString()), 600);
			if (block.exit() != 0) {
				fail("%s line %d failed (exit %d):\n%s\n--- printed:\n%s".formatted(file, step.line(), block.exit(),
						step.commands(), block.output()));
			}
			if (step.expected() != null) {
				step.expected().mismatch(block.output()).ifPresent(why -> fail("%s line %d:\n%s\n%s"
					.formatted(file, step.line(), step.commands(), why)));
			}
		}

		Run after = run("lab " + n + " check", List.of("bash", "securecart", "lab", "check", String.valueOf(n)), 120);
		assertThat(after.exit()).as("lab check %d after the steps:\n%s", n, after.output()).isZero();
	}

	private static Path write(String commands) throws IOException {
		Path block = Files.createTempFile(state, "block-", ".sh");
		Files.writeString(block, commands);
		return block;
	}

	record Run(int exit, String output) {
	}

	private static Run run(String name, List<String> command, int timeoutSeconds) throws Exception {
		return run(name, command, timeoutSeconds, Map.of());
	}

	private static Run run(String name, List<String> command, int timeoutSeconds, Map<String, String> extra)
			throws Exception {
		Path output = Files.createTempFile(state, "out-", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		builder.environment().putAll(extra);
		long started = System.nanoTime();
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			fail("%s did not finish within %d s:\n%s".formatted(name, timeoutSeconds, Files.readString(output)));
		}
		String text = Files.readString(output);
		log.info("{}: exit {} after {} ms\n{}", name, process.exitValue(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), text);
		return new Run(process.exitValue(), text);
	}
}
