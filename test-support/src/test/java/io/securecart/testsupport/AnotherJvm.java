package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A second JVM on this test's class path, for what must hold across JVMs: it runs a few statements, writes their
 * result to a file of its own, and then lives until its standard input is closed.
 */
final class AnotherJvm implements AutoCloseable {

	private final Process process;

	private final Path result;

	private AnotherJvm(Process process, Path result) {
		this.process = process;
		this.result = result;
	}

	/**
	 * Starts a JVM that runs {@code statements}, then evaluates {@code result} (a Java expression of any type) and
	 * writes its value. Both can use the public classes on this test's class path.
	 */
	static AnotherJvm running(Path directory, String statements, String result) throws IOException {
		// The launcher compiles the file in memory; the class it runs is named after the file.
		Path home = Files.createTempDirectory(directory, "jvm");
		Path program = home.resolve("Another.java");
		Path written = home.resolve("result");
		// The result is written beside and then moved into place, so that the test never reads half of it.
		Files.writeString(program, """
				import java.nio.file.*;

				class Another {
					public static void main(String[] args) throws Exception {
						%s
						Path partial = Files.writeString(Path.of(args[0] + ".partial"), String.valueOf(%s));
						Files.move(partial, Path.of(args[0]), StandardCopyOption.ATOMIC_MOVE);
						System.in.read();
					}
				}
				""".formatted(statements, result));
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), program.toString(), written.toString())
			.redirectOutput(ProcessBuilder.Redirect.INHERIT)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		return new AnotherJvm(process, written);
	}

	/** Whether it has written its result yet. */
	boolean hasResult() {
		return Files.exists(result);
	}

	/** Waits for the result (at most a minute); null if the JVM ended without one. */
	String result() {
		await("the other JVM's result").atMost(Duration.ofMinutes(1)).until(() -> hasResult() || !process.isAlive());
		try {
			return hasResult() ? Files.readString(result) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Lets it end, as it would on its own; true once it has. */
	boolean exit() throws IOException, InterruptedException {
		process.getOutputStream().close();
		return process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		process.destroyForcibly();
	}
}
