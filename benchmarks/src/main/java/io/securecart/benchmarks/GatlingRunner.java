package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gatling.javaapi.core.Simulation;

/**
 * Runs one Gatling simulation in a JVM of its own, through Gatling's command line ({@code io.gatling.app.Gatling},
 * what the Maven plugin runs too), with the harness's classpath, and reads back the samples the simulation wrote.
 * Its console output goes to {@code gatling/<label>.log} in the run's results.
 */
final class GatlingRunner {

	private final Path results;

	GatlingRunner(Path results) {
		this.results = results;
	}

	/**
	 * @param label names the files of this run ({@code <label>-samples.csv}, {@code gatling/<label>.log})
	 * @param properties the simulation's {@code bench.*} system properties
	 * @param htmlReport whether Gatling writes its HTML report (some seconds of CPU)
	 */
	List<Sample> run(String label, Class<? extends Simulation> simulation, Map<String, String> properties,
			boolean htmlReport) {
		Path samples = results.resolve("samples").resolve(label + ".csv");
		Path gatling = results.resolve("gatling");
		Path log = gatling.resolve(label + ".log");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		// Gatling needs this on JDK 17+; small and single-threaded GC: it shares two cores with the whole stack.
		command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx512m", "-XX:+UseSerialGC"));
		properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
		command.add("-Dbench.samples=" + samples);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gatling.app.Gatling", "-s",
				simulation.getName(), "-rf", gatling.toString(), "-rd", label));
		if (!htmlReport) {
			command.add("-nr");
		}
		try {
			Files.createDirectories(gatling);
			Process process = ChildProcesses
				.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
			if (!process.waitFor(15, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("Gatling run " + label + " did not finish; see " + log);
			}
			if (process.exitValue() != 0 || !Files.exists(samples)) {
				throw new IllegalStateException(
						"Gatling run " + label + " failed (exit " + process.exitValue() + "); see " + log);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during Gatling run " + label, ex);
		}
		return Sample.read(samples);
	}
}
