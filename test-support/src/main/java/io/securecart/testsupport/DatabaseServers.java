package io.securecart.testsupport;

/**
 * The PostgreSQL servers as a test sees them: the replica stopped, as an outage would stop it, and started again on
 * the same port; the primary crashed and restarted. And Redis, inventory's shared catalog cache, stopped and started. Every {@link TestBackend} provides them, so that the tests that
 * take a server down run on every backend ({@code TestBackendOperationsTest} fails when one lacks an operation).
 */
interface DatabaseServers {

	/** Stops the replica; returns once it refuses connections. The primary keeps serving. */
	void stopReplica();

	/** Starts the stopped replica on the same port; returns once it is a hot standby streaming from the primary. */
	void startReplica();

	/**
	 * Crashes the primary (every connection drops, crash recovery on start) and starts it again on its port; returns
	 * once the replica streams from it again.
	 */
	void crashAndRestartPrimary();

	/** Stops Redis; returns once it refuses connections. */
	void stopRedis();

	/** Starts the stopped Redis on the same port, empty; returns once it answers. */
	void startRedis();
}
