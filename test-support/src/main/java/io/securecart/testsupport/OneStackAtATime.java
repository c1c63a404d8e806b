package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one JVM at a time run a whole SecureCart stack (the e2e tests' services, the labs' {@code ./securecart up}).
 * <p>
 * The build runs two modules at once ({@code .mvn/maven.config}), and the e2e and labs modules do not depend on each
 * other. Two stacks at once on a two-core machine starve each other's health checks and waits, and both would train
 * the same services' class archives (ADR 23). The second JVM to claim waits here until the first exits; the operating
 * system releases the lock then, however the JVM ends.
 */
public final class OneStackAtATime {

	private static final Logger log = LoggerFactory.getLogger(OneStackAtATime.class);

	private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "securecart-whole-stack.lock");

	/** Held until the JVM exits. */
	private static FileLock held;

	private OneStackAtATime() {
	}

	/** Returns once this JVM may start a whole stack, which it may then do until it exits. */
	public static synchronized void claim() {
		if (held != null) {
			return;
		}
		try {
			FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				log.info("Another JVM runs a whole stack ({} is locked): waiting until it exits", LOCK);
				long started = System.nanoTime();
				lock = channel.lock();
				log.info("Waited {} s for the other stack", (System.nanoTime() - started) / 1_000_000_000);
			}
			held = lock;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + LOCK, ex);
		}
	}
}
