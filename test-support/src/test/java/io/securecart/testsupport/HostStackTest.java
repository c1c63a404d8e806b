package io.securecart.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness's script runner returns when the script exits, whatever the daemons it started keep open. */
class HostStackTest {

	@TempDir
	Path directory;

	@Test
	void returnsWhenTheScriptExitsThoughADaemonItStartedKeepsItsOutputOpen() throws IOException {
		Path pidFile = directory.resolve("daemon.pid");
		Path script = write("daemon.sh", """
				echo starting a daemon
				sleep 300 &
				echo $! > "%s"
				echo started
				""".formatted(pidFile));
		long started = System.nanoTime();
		try {
			HostStack.run(script);

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		}
		finally {
			ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
		}
	}

	@Test
	void reportsAFailingScriptWithItsOutput() throws IOException {
		Path script = write("failing.sh", """
				echo "the reason it failed"
				exit 3
				""");

		assertThatThrownBy(() -> HostStack.run(script)).hasMessageContaining("exit 3")
			.hasMessageContaining("the reason it failed");
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(directory.resolve(name), text);
	}
}
