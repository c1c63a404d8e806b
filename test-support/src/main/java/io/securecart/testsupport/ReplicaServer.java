package io.securecart.testsupport;

/**
 * The replica server as a test sees it: stopped, as an outage would stop it, and started again on the same port.
 * Every {@link TestBackend} provides one, so that the tests that take the replica down run on every backend
 * ({@code TestBackendOperationsTest} fails when one lacks it).
 */
interface ReplicaServer {

	/** Stops the replica; returns once it refuses connections. The primary keeps serving. */
	void stop();

	/** Starts the stopped replica on the same port; returns once it is a hot standby streaming from the primary. */
	void start();
}
