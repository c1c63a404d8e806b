package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Holds a Gatling run's load until the benchmark opens the gate, so that its JVM's start (some CPU-seconds of class
 * loading and compiling on the machine's two cores) is over before a window is measured. Two files: the simulation
 * writes {@code <gate>.ready} and waits for {@code <gate>}; the benchmark waits for the first and writes the second.
 */
public record StartGate(Path gate) {

	private static final Duration RECHECK = Duration.ofSeconds(1);

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

	/**
	 * Waits for {@code condition}, woken by each file created beside the gate; {@link #RECHECK} bounds a wait for
	 * what no file announces (the simulation's process ending).
	 */
	private boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (WatchService watcher = gate.getFileSystem().newWatchService()) {
			Files.createDirectories(gate.getParent());
			gate.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
			while (!condition.getAsBoolean()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				WatchKey created = watcher.poll(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
				if (created != null) {
					created.pollEvents();
					created.reset();
				}
			}
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
