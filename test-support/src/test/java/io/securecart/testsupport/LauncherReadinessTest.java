package io.securecart.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which health states {@code ./securecart up} takes for ready: UP, and DEGRADED, which the README calls normal (the
 * catalog while its replica lags or its cache is away); anything else keeps it waiting and, at the deadline, fails.
 * The launcher's own {@code READY_STATES} and {@code is_ready_state} are run, not a copy of them.
 */
class LauncherReadinessTest {

	@ParameterizedTest
	@CsvSource({ "UP, true", "DEGRADED, true", "DOWN, false", "OUT_OF_SERVICE, false", "UNKNOWN, false",
			"unreachable, false", "'?', false", "UPPER, false" })
	void readyOnlyWhenUpOrDegraded(String state, boolean ready) throws IOException, InterruptedException {
		String script = """
				eval "$(sed -n -e '/^READY_STATES=/p' -e '/^is_ready_state()/p' "$1")"
				[ -n "$READY_STATES" ] && declare -F is_ready_state >/dev/null || exit 2
				is_ready_state "$2"
				""";
		Process bash = new ProcessBuilder("bash", "-c", script, "bash",
				RepositoryRoot.find().resolve("securecart").toString(), state)
			.redirectErrorStream(true)
			.start();
		assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(bash.exitValue()).as("exit of is_ready_state %s (2: not found in the launcher) %s", state, output)
			.isEqualTo(ready ? 0 : 1);
	}

}
