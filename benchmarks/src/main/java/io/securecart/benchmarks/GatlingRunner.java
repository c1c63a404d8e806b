package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.gatling.javaapi.core.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Gatling simulation in a JVM of its own, through Gatling's command line ({@code io.gatling.app.Gatling},
 * what the Maven plugin runs too), with the harness's classpath, and reads back the samples the simulation wrote.
 * Its console output goes to {@code gatling/<label>.log} in the run's results.
 */
final class GatlingRunner {

	private static final Logger log = LoggerFactory.getLogger(GatlingRunner.class);

	private final Path results;

	/** Runs whose HTML report is written once nothing is measured any more: label and Gatling's folder of the run. */
	private final Map<String, Path> reportsToWrite = new LinkedHashMap<>();

	GatlingRunner(Path results) {
		this.results = results;
	}

	/**
	 * @param label names the files of this run ({@code <label>-samples.csv}, {@code gatling/<label>.log})
	 * @param properties the simulation's {@code bench.*} system properties
	 * @param htmlReport whether Gatling's HTML report is wanted: written by {@link #writeHtmlReports()}, not at the end
	 * of the run, because it costs some seconds of CPU, and the orders of a measured window are still on their way
	 * through the services then
	 */
	List<Sample> run(String label, Class<? extends Simulation> simulation, Map<String, String> properties,
			boolean htmlReport) {
		Path samples = results.resolve("samples").resolve(label + ".csv");
		Path gatling = results.resolve("gatling");
		Path console = gatling.resolve(label + ".log");
		List<String> systemProperties = new ArrayList<>();
		properties.forEach((name, value) -> systemProperties.add("-D" + name + "=" + value));
		systemProperties.add("-Dbench.samples=" + samples);
		List<String> command = gatlingCommand(systemProperties);
		command.addAll(List.of("-s", simulation.getName(), "-rf", gatling.toString(), "-rd", label, "-nr"));
		try {
			Files.createDirectories(gatling);
			Set<Path> before = runFolders(gatling);
			execute(command, console, "Gatling run " + label);
			if (!Files.exists(samples)) {
				throw new IllegalStateException("Gatling run " + label + " wrote no samples; see " + console);
			}
			if (htmlReport) {
				runFolders(gatling).stream()
					.filter(folder -> !before.contains(folder))
					.findFirst()
					.ifPresent(folder -> reportsToWrite.put(label, folder));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Sample.read(samples);
	}

	/**
	 * Writes the HTML report of every run that asked for one ({@code gatling/<folder>/index.html}), from the
	 * {@code simulation.log} Gatling left in its folder; a report that fails is logged, the run keeps its figures.
	 */
	void writeHtmlReports() {
		Path gatling = results.resolve("gatling");
		reportsToWrite.forEach((label, folder) -> {
			List<String> command = gatlingCommand(List.of());
			command.addAll(List.of("-ro", folder.getFileName().toString(), "-rf", gatling.toString()));
			try {
				execute(command, gatling.resolve(label + "-report.log"), "Gatling's report of " + label);
			}
			catch (IllegalStateException | UncheckedIOException ex) {
				// The scenarios have measured everything by now: a report that failed must not lose their figures.
				log.warn("{}", ex.getMessage());
			}
		});
		reportsToWrite.clear();
	}

	/** The JVM, with {@code systemProperties}, and Gatling's main class; the caller appends Gatling's arguments. */
	private static List<String> gatlingCommand(List<String> systemProperties) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		// Gatling needs this on JDK 17+; small and single-threaded GC: it shares two cores with the whole stack.
		command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx512m", "-XX:+UseSerialGC"));
		command.addAll(systemProperties);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gatling.app.Gatling"));
		return command;
	}

	private static void execute(List<String> command, Path console, String what) {
		try {
			Process process = ChildProcesses
				.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()));
			if (!process.waitFor(15, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(what + " did not finish; see " + console);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "); see " + console);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted: " + what, ex);
		}
	}

	private static Set<Path> runFolders(Path gatling) throws IOException {
		try (Stream<Path> entries = Files.list(gatling)) {
			return entries.filter(Files::isDirectory).collect(Collectors.toSet());
		}
	}
}
