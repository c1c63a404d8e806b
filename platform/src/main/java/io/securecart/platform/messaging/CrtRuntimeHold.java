package io.securecart.platform.messaging;

import software.amazon.awssdk.crt.CRT;

import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps the AWS Common Runtime working until the application context has closed. The CRT registers a JVM shutdown
 * hook that, once the last holder lets go, stops calling back into Java: on SIGTERM that hook ran beside Spring's,
 * while Spring was still stopping the listeners, so their long polls in flight never completed (each stop waited out
 * the listeners' 20-s shutdown timeout), nor would acknowledgements or the outbox relay's last publishes. Holding a
 * shutdown reference from before the first client is built until after the last is closed (the bean is destroyed
 * after the clients, which are created after it) leaves the CRT's own cleanup for when nothing needs it.
 */
class CrtRuntimeHold implements DisposableBean {

	CrtRuntimeHold() {
		CRT.acquireShutdownRef();
	}

	@Override
	public void destroy() {
		CRT.releaseShutdownRef();
	}
}
