package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Holds a Gatling run's load until the benchmark opens the gate, so that its JVM's start (some CPU-seconds of class
 * loading and compiling on the machine's two cores) is over before a window is measured. Two files: the simulation
 * writes {@code <gate>.ready} and waits for {@code <gate>}; the benchmark waits for the first and writes the second.
 */
public record StartGate(Path gate) {

	private static final Duration POLL = Duration.ofMillis(50);

	/** The simulation's side: ready, then wait to be let through; a gate never opened fails the run. */
	public void passThrough(Duration timeout) {
		touch(ready());
		if (!await(() -> Files.exists(gate), timeout)) {
			throw new IllegalStateException("Nobody opened " + gate + " within " + timeout);
		}
	}

	/**
	 * The benchmark's side: whether the simulation stands at the gate within {@code timeout}; false as soon as
	 * {@code running} says its process ended.
	 */
	boolean awaitReady(Duration timeout, BooleanSupplier running) {
		return await(() -> Files.exists(ready()) || !running.getAsBoolean(), timeout) && Files.exists(ready());
	}

	/** The benchmark's side: lets the load begin. */
	void open() {
		touch(gate);
	}

	private Path ready() {
		return gate.resolveSibling(gate.getFileName() + ".ready");
	}

	private static void touch(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}
}
