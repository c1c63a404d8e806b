package io.securecart.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** When Testcontainers is worth asking, decided from a fake environment, home and file system. */
class TestcontainersDockerProbeTest {

	@TempDir
	Path home;

	@TempDir
	Path root;

	@Test
	void hasNothingToAskWhereNoDockerEndpointCouldBe() {
		assertThat(probe(Map.of("PATH", root.resolve("bin").toString())).mayHaveDocker()).isFalse();
	}

	@Test
	void asksWhenTheSystemSocketExists() throws IOException {
		touch(root.resolve("var/run/docker.sock"));

		assertThat(probe(Map.of()).mayHaveDocker()).isTrue();
	}

	@Test
	void asksWhenDockerDesktopsSocketExists() throws IOException {
		touch(home.resolve(".docker/run/docker.sock"));

		assertThat(probe(Map.of()).mayHaveDocker()).isTrue();
	}

	@Test
	void asksWhenRootlessDockersSocketExists() throws IOException {
		touch(root.resolve("run/user/1000/docker.sock"));

		assertThat(probe(Map.of()).mayHaveDocker()).isTrue();
	}

	@Test
	void asksWhenTheEnvironmentPointsAtAnEngine() {
		assertThat(probe(Map.of("DOCKER_HOST", "tcp://build-host:2375")).mayHaveDocker()).isTrue();
		assertThat(probe(Map.of("TESTCONTAINERS_HOST_OVERRIDE", "localhost")).mayHaveDocker()).isTrue();
	}

	@Test
	void asksWhenTestcontainersIsConfigured() throws IOException {
		touch(home.resolve(".testcontainers.properties"));

		assertThat(probe(Map.of()).mayHaveDocker()).isTrue();
	}

	@Test
	void leavesWindowsToTestcontainers() {
		assertThat(new TestcontainersDockerProbe(Map.of(), home, root, "Windows 11").mayHaveDocker()).isTrue();
	}

	private TestcontainersDockerProbe probe(Map<String, String> env) {
		return new TestcontainersDockerProbe(env, home, root, "Linux");
	}

	private static void touch(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.createFile(file);
	}
}
