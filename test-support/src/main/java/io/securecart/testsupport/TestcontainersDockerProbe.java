package io.securecart.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers ({@link DockerClientFactory#isDockerAvailable()}, which pings the engine), but only when this
 * machine has a place where a Docker engine could answer: the places Testcontainers itself looks. Where there is none,
 * as on this project's CI, it answers {@code false} at once, instead of Testcontainers logging "Could not find a valid
 * Docker environment" as an error in every test JVM of a build that needs no Docker.
 */
final class TestcontainersDockerProbe implements DockerProbe {

	private final Map<String, String> env;

	private final Path home;

	private final Path root;

	private final String osName;

	TestcontainersDockerProbe(Map<String, String> env, Path home, Path root, String osName) {
		this.env = env;
		this.home = home;
		this.root = root;
		this.osName = osName.toLowerCase(Locale.ROOT);
	}

	static TestcontainersDockerProbe ofThisMachine() {
		return new TestcontainersDockerProbe(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("/"),
				System.getProperty("os.name"));
	}

	@Override
	public boolean isDockerAvailable() {
		return mayHaveDocker() && DockerClientFactory.instance().isDockerAvailable();
	}

	/**
	 * Whether Testcontainers has anything to try: its configuration (environment, {@code ~/.testcontainers.properties}
	 * or one on the classpath), a Docker socket where its strategies look (the system socket,
	 * Docker Desktop's, rootless Docker's), docker-machine, or a Windows named pipe.
	 */
	boolean mayHaveDocker() {
		if (!osName.contains("linux") && !osName.contains("mac")) {
			return true;
		}
		// Testcontainers reads its settings from DOCKER_* (DOCKER_HOST...) and TESTCONTAINERS_* variables.
		if (env.keySet().stream().anyMatch(name -> name.startsWith("DOCKER_") || name.startsWith("TESTCONTAINERS_"))) {
			return true;
		}
		if (Files.exists(home.resolve(".testcontainers.properties"))
				|| getClass().getClassLoader().getResource("testcontainers.properties") != null) {
			return true;
		}
		return sockets().stream().anyMatch(Files::exists) || onPath("docker-machine");
	}

	private List<Path> sockets() {
		List<Path> sockets = new ArrayList<>(List.of(root.resolve("var/run/docker.sock"),
				home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock")));
		value("XDG_RUNTIME_DIR").ifPresent(directory -> sockets.add(Path.of(directory, "docker.sock")));
		Path userRuntime = root.resolve("run/user");
		if (Files.isDirectory(userRuntime)) {
			try (Stream<Path> users = Files.list(userRuntime)) {
				users.map(user -> user.resolve("docker.sock")).forEach(sockets::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return sockets;
	}

	private boolean onPath(String executable) {
		return value("PATH").stream()
			.flatMap(path -> Stream.of(path.split(File.pathSeparator)))
			.filter(directory -> !directory.isBlank())
			.anyMatch(directory -> Files.isExecutable(Path.of(directory, executable)));
	}

	private Optional<String> value(String name) {
		return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
	}
}
