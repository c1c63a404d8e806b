package io.securecart.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on this test's class path, for what must hold across JVMs: it runs a few statements, prints their
 * result, and then lives until its standard input is closed.
 */
final class AnotherJvm implements AutoCloseable {

	private static final String RESULT = "result: ";

	private final Process process;

	private final BufferedReader output;

	private AnotherJvm(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Starts a JVM that runs {@code statements}, then evaluates {@code result} (a Java expression of any type) and
	 * prints its value. Both can use the public classes on this test's class path.
	 */
	static AnotherJvm running(Path directory, String statements, String result) throws IOException {
		// The launcher compiles the file in memory; the class it runs is named after the file.
		Path program = Files.createTempDirectory(directory, "jvm").resolve("Another.java");
		Files.writeString(program, """
				class Another {
					public static void main(String[] args) throws Exception {
						%s
						System.out.println("%s" + (%s));
						System.in.read();
					}
				}
				""".formatted(statements, RESULT, result));
		return new AnotherJvm(new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), program.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start());
	}

	/** Waits for the result; the lines before it are the JVM's log. Null if it ended without one. */
	String result() {
		try {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				if (line.startsWith(RESULT)) {
					return line.substring(RESULT.length());
				}
			}
			return null;
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
