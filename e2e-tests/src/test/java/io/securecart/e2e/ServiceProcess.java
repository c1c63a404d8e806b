package io.securecart.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as its own JVM, from the jar its module packaged, with its output in a log file. */
final class ServiceProcess {

	/** As {@code ./securecart stop}'s: several services writing their class archives at once take tens of seconds. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

	private final Service service;

	private final Path jar;

	private final Path runJar;

	private final Path log;

	private final Map<String, String> environment;

	private Process process;

	/** Where this start's output begins in the log (a restarted service appends to it). */
	private long logOffset;

	ServiceProcess(Service service, Path repositoryRoot, Path logDirectory, Map<String, String> environment) {
		this(service, repositoryRoot, environment, logDirectory.resolve(service.module() + ".log"));
	}

	/** An instance of {@code service} that logs to {@code log} (a second instance has a log of its own). */
	ServiceProcess(Service service, Path repositoryRoot, Map<String, String> environment, Path log) {
		this.service = service;
		this.jar = repositoryRoot.resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
		this.runJar = repositoryRoot.resolve("infra/local/run-jar.sh");
		this.log = log;
		this.environment = environment;
	}

	void start() {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run ./mvnw verify (or package) from the repository root");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		// As ./securecart starts it: extracted, with its startup cache (the class archive its first stop after a build
		// writes, ADR 23 and 26); the script execs java, so this process is the service's JVM.
		ProcessBuilder builder = new ProcessBuilder(List.of("bash", runJar.toString(), jar.toString()))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		builder.environment().put("JAVA", java);
		try {
			logOffset = Files.exists(log) ? Files.size(log) : 0;
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Like {@code kill -9}: no shutdown hooks, no graceful close of anything in flight. */
	void kill() {
		process.destroyForcibly();
		waitForExit(Duration.ofSeconds(10));
	}

	/** Asks for a graceful shutdown (SIGTERM) without waiting for it. */
	void requestStop() {
		if (process != null && process.isAlive()) {
			process.destroy();
		}
	}

	/** Gracefully, as {@code ./securecart stop} does: its first stop after a build also writes its class archive. */
	void stop() {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!waitForExit(STOP_TIMEOUT)) {
				kill();
			}
		}
	}

	/**
	 * Whether run-jar.sh is still making the startup cache in this start: the AOT cache's training run
	 * ({@code SECURECART_STARTUP_CACHE=aot}), which the first start after a build pays once, and which a wait for the
	 * service's health should not count.
	 */
	boolean training() {
		try (FileChannel channel = FileChannel.open(log)) {
			channel.position(logOffset);
			// Latin-1 decodes any byte: a service's output may hold anything, and the lines looked for are ASCII.
			BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.ISO_8859_1));
			String lastRunJarLine = reader.lines()
				.filter(line -> line.startsWith("run-jar.sh: "))
				.reduce((earlier, later) -> later)
				.orElse("");
			return lastRunJarLine.startsWith("run-jar.sh: training");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean isAlive() {
		return process != null && process.isAlive();
	}

	Service service() {
		return service;
	}

	Path log() {
		return log;
	}

	private boolean waitForExit(Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
