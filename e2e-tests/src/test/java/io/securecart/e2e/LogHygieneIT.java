package io.securecart.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.securecart.testsupport.AuthServerLogin;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No password, secret, payment token, card number or bearer token in any log of this end-to-end run: the issuer's
 * and the five services', everything they wrote while the other end-to-end tests signed in, paid with {@code tok_...}
 * tokens, sent card numbers and were refused. Runs after every other end-to-end test class
 * ({@code junit-platform.properties}), and alone it still scans the logs of a system it started.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {

	@Test
	void noSecretAppearsInTheLogsOfTheRun() throws IOException {
		RunningSystem.get();
		List<String> knownSecrets = new ArrayList<>(AuthServerLogin.DEMO_PASSWORDS.values());
		knownSecrets.add(AuthServerLogin.CHECKOUT_CLIENT_SECRET);
		knownSecrets.add(RunningSystem.CUSTOMER_PASSWORD);
		LogScanner scanner = new LogScanner(knownSecrets);

		List<Path> logs;
		try (Stream<Path> files = Files.list(RunningSystem.LOGS)) {
			logs = files.filter(file -> file.toString().endsWith(".log")).sorted().toList();
		}
		// Nothing scanned would prove nothing: every process of the run has written its log.
		assertThat(logs).extracting(file -> file.getFileName().toString())
			.containsAll(Stream.of(Service.values()).map(service -> service.module() + ".log").toList());
		assertThat(logs).allSatisfy(log -> assertThat(Files.size(log)).as("%s", log.getFileName()).isPositive());

		List<LogScanner.Finding> findings = logs.stream().flatMap(log -> scanner.scan(log).stream()).toList();

		assertThat(findings).as("secrets in the logs of %s", RunningSystem.LOGS).isEmpty();
	}
}
