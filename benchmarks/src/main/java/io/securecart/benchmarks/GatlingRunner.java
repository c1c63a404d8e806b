package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
		return launch(label, simulation, properties, htmlReport).awaitSamples();
	}

	/**
	 * Starts a run's JVM now and holds its load at a {@link StartGate} until {@link Prepared#start()}: a window
	 * measured from {@link Prepared#awaitReady()} on does not pay for Gatling's start. The simulation must pass
	 * through the gate named by {@code bench.startGate} ({@code CheckoutLoad} does).
	 */
	Prepared prepare(String label, Class<? extends Simulation> simulation, Map<String, String> properties,
			boolean htmlReport) {
		StartGate gate = new StartGate(results.resolve("gatling").resolve(label + ".gate"));
		Map<String, String> gated = new LinkedHashMap<>(properties);
		gated.put("bench.startGate", gate.gate().toString());
		return new Prepared(launch(label, simulation, gated, htmlReport), gate);
	}

	/** A run whose JVM has started and whose load waits at its gate; closing it ends a JVM still waiting there. */
	final class Prepared implements AutoCloseable {

		private final Launched launched;

		private final StartGate gate;

		private Prepared(Launched launched, StartGate gate) {
			this.launched = launched;
			this.gate = gate;
		}

		/** Waits until the simulation stands at its gate: its JVM started, the simulation built. */
		void awaitReady() {
			if (!gate.awaitReady(Duration.ofMinutes(5), launched.process::isAlive)) {
				launched.process.destroyForcibly();
				throw new IllegalStateException(
						"Gatling run " + launched.label + " did not reach its start gate; see " + launched.console);
			}
		}

		/** Opens the gate and waits for the load to end: its samples. */
		List<Sample> start() {
			gate.open();
			return launched.awaitSamples();
		}

		/** Ends the JVM if it still runs: the window never opened (the run failed or was stopped before). */
		@Override
		public void close() {
			if (launched.process.isAlive()) {
				launched.process.destroyForcibly();
			}
		}
	}

	private Launched launch(String label, Class<? extends Simulation> simulation, Map<String, String> properties,
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
			return new Launched(label, samples, console, before, htmlReport, start(command, console));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A Gatling JVM under way, and where its run leaves its samples and its folder. */
	private final class Launched {

		private final String label;

		private final Path samples;

		private final Path console;

		private final Set<Path> foldersBefore;

		private final boolean htmlReport;

		private final Process process;

		private Launched(String label, Path samples, Path console, Set<Path> foldersBefore, boolean htmlReport,
				Process process) {
			this.label = label;
			this.samples = samples;
			this.console = console;
			this.foldersBefore = foldersBefore;
			this.htmlReport = htmlReport;
			this.process = process;
		}

		List<Sample> awaitSamples() {
			awaitExit(process, console, "Gatling run " + label);
			if (!Files.exists(samples)) {
				throw new IllegalStateException("Gatling run " + label + " wrote no samples; see " + console);
			}
			if (htmlReport) {
				try {
					runFolders(results.resolve("gatling")).stream()
						.filter(folder -> !foldersBefore.contains(folder))
						.findFirst()
						.ifPresent(folder -> reportsToWrite.put(label, folder));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
			return Sample.read(samples);
		}
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
		awaitExit(start(command, console), console, what);
	}

	private static Process start(List<String> command, Path console) {
		try {
			return ChildProcesses
				.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitExit(Process process, Path console, String what) {
		try {
			if (!process.waitFor(15, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(what + " did not finish; see " + console);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "); see " + console);
			}
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
