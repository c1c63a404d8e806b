package io.securecart.testsupport;

/**
 * Whether a Docker engine answers. An interface, so that choosing the {@link TestBackend} can be tested with a fake
 * on any machine, with or without Docker.
 */
@FunctionalInterface
interface DockerProbe {

	boolean isDockerAvailable();

	/** Testcontainers' answer for this machine: see {@link TestcontainersDockerProbe}. */
	static DockerProbe testcontainers() {
		return TestcontainersDockerProbe.ofThisMachine();
	}
}
