package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * The host stack that {@code ./securecart up} started: where each service listens, its process, its health, and the
 * few ways the benchmarks change it: stop a service ({@code SIGTERM} to the pid in {@code .securecart/pids}), start
 * what is missing again ({@code ./securecart up}, without building), read {@code /proc} for CPU time and memory.
 */
final class Stack {

	/** {@link #postgresRole} of PostgreSQL's own processes. */
	static final String POSTGRES_OWN = "its own processes (the postmasters with the connections that ended, autovacuum,"
			+ " the writers)";

	static final List<String> SERVICES = List.of("inventory", "checkout", "payment", "fulfillment", "notification");

	private static final Map<String, String> PORT_VARIABLES = Map.of("checkout", "CHECKOUT_PORT", "payment",
			"PAYMENT_PORT", "fulfillment", "FULFILLMENT_PORT", "notification", "NOTIFICATION_PORT", "inventory",
			"INVENTORY_PORT", "auth", "AUTH_PORT");

	private static final Map<String, Integer> DEFAULT_PORTS = Map.of("checkout", 8080, "payment", 8081,
			"fulfillment", 8082, "notification", 8083, "inventory", 8084, "auth", 9000);

	private final Path root;

	private final Map<String, String> environment;

	private final Path logs;

	private final long clockTicksPerSecond;

	private final AtomicInteger launches = new AtomicInteger();

	/** Set for every {@code ./securecart up}, whatever the scenario sets on top: the benchmark's users. */
	private final Map<String, String> launchVariables = new java.util.HashMap<>();

	Stack(Path root, Map<String, String> environment, Path logs) {
		this.root = root;
		this.environment = environment;
		this.logs = logs;
		this.clockTicksPerSecond = clockTicksPerSecond();
	}

	Path root() {
		return root;
	}

	void launchWith(Map<String, String> variables) {
		launchVariables.putAll(variables);
	}

	int port(String service) {
		if (service.matches(".+-[2-9]")) {
			// Instance n of a service scaled by ./securecart up --scale: the service's port + 100 x (n - 1).
			return port(baseOf(service)) + 100 * (service.charAt(service.length() - 1) - '1');
		}
		String configured = environment.get(PORT_VARIABLES.get(service));
		return configured == null ? DEFAULT_PORTS.get(service) : Integer.parseInt(configured);
	}

	String url(String service) {
		return "http://localhost:" + port(service);
	}

	int motoPort() {
		return Integer.parseInt(environment.getOrDefault("MOTO_PORT", "4566"));
	}

	/** The top-level status of the service's {@code /actuator/health}: UP, DOWN..., or "unreachable". */
	String health(String service) {
		return Json.get(url(service) + "/actuator/health")
			.map(health -> health.path("status").asString("?"))
			.orElse("unreachable");
	}

	boolean isUp(String service) {
		return "UP".equals(health(service));
	}

	/** No service running and nothing listening on the emulator's port: nothing of the stack is up. */
	boolean isDown() {
		return SERVICES.stream().allMatch(service -> pid(service).isEmpty()) && !listening(motoPort());
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	List<String> notUp() {
		return SERVICES.stream().filter(service -> !isUp(service)).toList();
	}

	/** The live process running this service's jar, as recorded in its pid file (pids get reused: checked). */
	OptionalLong pid(String service) {
		Path file = root.resolve(".securecart/pids/" + service + ".pid");
		try {
			if (!Files.isRegularFile(file)) {
				return OptionalLong.empty();
			}
			long pid = Long.parseLong(Files.readString(file).trim());
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(process -> process.info()
					.arguments()
					.map(arguments -> String.join(" ", arguments).contains(baseOf(service) + "-service.jar"))
					.orElse(true))
				.map(process -> OptionalLong.of(process.pid()))
				.orElse(OptionalLong.empty());
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	/** The service an instance belongs to: payment for payment-2 (and for payment). */
	static String baseOf(String service) {
		return service.replaceFirst("-[2-9]$", "");
	}

	/** Stops the service as {@code kill} does (SIGTERM, graceful); SIGKILL if it is still there after 30 s. */
	void stop(String service) {
		OptionalLong pid = pid(service);
		if (pid.isEmpty()) {
			return;
		}
		ProcessHandle process = ProcessHandle.of(pid.getAsLong()).orElseThrow();
		process.destroy();
		try {
			// As ./securecart stop waits (SECURECART_STOP_TIMEOUT): a first stop after a build writes the class archive.
			process.onExit().get(90, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			process.destroyForcibly();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not stop " + service + "-service", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping " + service + "-service", ex);
		}
	}

	/**
	 * {@code ./securecart up}, without building: starts whatever is not running and waits until everything is UP.
	 * {@code variables} are set (or, mapped to {@code null}, removed) for the services it starts.
	 * @return how long it took
	 */
	Duration up(Map<String, String> variables) {
		Path log = logs.resolve("securecart-up-" + launches.incrementAndGet() + ".log");
		ProcessBuilder builder = new ProcessBuilder(root.resolve("securecart").toString(), "up")
			.directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("SECURECART_SKIP_BUILD", "1");
		builder.environment().putAll(launchVariables);
		variables.forEach((name, value) -> {
			if (value == null) {
				builder.environment().remove(name);
			}
			else {
				builder.environment().put(name, value);
			}
		});
		long started = System.nanoTime();
		try {
			Files.createDirectories(logs);
			Process process = ChildProcesses.start(builder);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroy();
				throw new IllegalStateException("./securecart up did not finish within 5 minutes; see " + log);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("./securecart up failed (exit " + process.exitValue() + "): "
						+ whyUpFailed(log) + " (whole log: " + log + ")");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during ./securecart up", ex);
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** {@code ./securecart down}. */
	void down() {
		try {
			Files.createDirectories(logs);
			Process process = ChildProcesses.start(new ProcessBuilder(root.resolve("securecart").toString(), "down")
				.directory(root.toFile())
				.redirectErrorStream(true)
				.redirectOutput(logs.resolve("securecart-down.log").toFile()));
			process.waitFor(5, TimeUnit.MINUTES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops the service and starts it again with {@code variables}; how long until it (and all) were UP again. */
	Duration restart(String service, Map<String, String> variables) {
		stop(service);
		return up(variables);
	}

	/** An environment variable of the running service, as it was started ({@code /proc/<pid>/environ}). */
	Optional<String> environmentOf(String service, String name) {
		OptionalLong pid = pid(service);
		if (pid.isEmpty()) {
			return Optional.empty();
		}
		try {
			String environ = new String(Files.readAllBytes(Path.of("/proc/" + pid.getAsLong() + "/environ")),
					StandardCharsets.UTF_8);
			for (String entry : environ.split("\0")) {
				if (entry.startsWith(name + "=")) {
					return Optional.of(entry.substring(name.length() + 1));
				}
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** CPU time and memory of each running service's process, from {@code /proc}. */
	Map<String, ProcessSample> processes() {
		Map<String, ProcessSample> samples = new LinkedHashMap<>();
		for (String service : SERVICES) {
			OptionalLong pid = pid(service);
			if (pid.isPresent()) {
				processSample(pid.getAsLong()).ifPresent(sample -> samples.put(service, sample));
			}
		}
		return samples;
	}

	private Optional<ProcessSample> processSample(long pid) {
		try {
			long ticks = cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
			long rssKb = 0;
			long peakKb = 0;
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					rssKb = kilobytes(line);
				}
				else if (line.startsWith("VmHWM:")) {
					peakKb = kilobytes(line);
				}
			}
			return Optional.of(new ProcessSample(pid, (double) ticks / clockTicksPerSecond,
					(double) compilerTicks(pid) / clockTicksPerSecond, rssKb / 1024.0, peakKb / 1024.0));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The whole machine's CPU time from {@code /proc/stat}, and what the emulator and PostgreSQL spent of it: where the
	 * services' CPU per order stands against what else the orders cost on the same cores.
	 */
	MachineSample machine() {
		double emulator = emulatorPid().stream()
			.mapToDouble(pid -> readTicks(Path.of("/proc/" + pid + "/stat"), false))
			.map(ticks -> ticks / clockTicksPerSecond)
			.findFirst()
			.orElse(Double.NaN);
		// This JVM, the Gatling runs it has waited for, and those still running (one waiting at its start gate has
		// spent its start already): the load, and the benchmark's reading of the orders.
		long loadGeneratorTicks = 0;
		for (long pid : ChildProcesses.runningPids()) {
			loadGeneratorTicks += readTicks(Path.of("/proc/" + pid + "/stat"), true);
		}
		loadGeneratorTicks += readTicks(Path.of("/proc/self/stat"), true);
		double loadGenerator = (double) loadGeneratorTicks / clockTicksPerSecond;
		Map<String, Double> postgres = new TreeMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path process : processes) {
				String stat = readStat(process.resolve("stat"));
				if (commandOf(stat).equals("postgres")) {
					// A backend that ended is counted in its postmaster's children.
					postgres.merge(postgresRole(readCommandLine(process)),
							(double) (cpuTicks(stat) + childrenTicks(stat)) / clockTicksPerSecond, Double::sum);
				}
			}
		}
		catch (IOException ex) {
			return new MachineSample(Double.NaN, Double.NaN, emulator, Map.of(), loadGenerator);
		}
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
			// user nice system idle iowait irq softirq steal: guest time is already in user
			long busy = 0;
			for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
				busy += Long.parseLong(cpu[field]);
			}
			long all = busy + Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			return new MachineSample((double) busy / clockTicksPerSecond, (double) all / clockTicksPerSecond,
					emulator, postgres, loadGenerator);
		}
		catch (IOException | RuntimeException ex) {
			return new MachineSample(Double.NaN, Double.NaN, emulator, postgres, loadGenerator);
		}
	}

	/**
	 * What a PostgreSQL process does, from the title it gives itself ({@code postgres: <user> <database> <client>
	 * <activity>} for a connection): a database's connections, replication (the primary's WAL sender, the replica's
	 * receiver and its replay), or PostgreSQL's own work (the postmasters, with the children that ended, autovacuum,
	 * the writers).
	 */
	static String postgresRole(String commandLine) {
		if (!commandLine.startsWith("postgres: ")) {
			return POSTGRES_OWN;
		}
		String[] words = commandLine.substring("postgres: ".length()).trim().split("\\s+");
		return switch (words[0]) {
			case "walsender", "walreceiver", "startup" -> "replication";
			case "checkpointer", "background", "walwriter", "autovacuum", "logical", "archiver", "walsummarizer" ->
				POSTGRES_OWN;
			default -> words.length > 1 ? words[1] + "'s connections" : POSTGRES_OWN;
		};
	}

	private static String readCommandLine(Path process) {
		try {
			return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ')
				.strip();
		}
		catch (IOException ended) {
			return "";
		}
	}

	/** The emulator's process, as {@code infra/local/moto.sh} recorded it, if it still runs moto. */
	private OptionalLong emulatorPid() {
		try {
			long pid = Long.parseLong(Files.readString(root.resolve(".securecart/moto/moto.pid")).trim());
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.map(process -> OptionalLong.of(process.pid()))
				.orElse(OptionalLong.empty());
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	private static long readTicks(Path stat, boolean withChildren) {
		String line = readStat(stat);
		return line.isEmpty() ? 0 : cpuTicks(line) + (withChildren ? childrenTicks(line) : 0);
	}

	/** A process's {@code stat} line; empty once the process has ended. */
	private static String readStat(Path stat) {
		try {
			return Files.readString(stat);
		}
		catch (IOException ended) {
			return "";
		}
	}

	/** The command of a {@code stat} line, in parentheses; empty for none. */
	private static String commandOf(String stat) {
		int start = stat.indexOf('(');
		int end = stat.lastIndexOf(')');
		return start < 0 || end < start ? "" : stat.substring(start + 1, end);
	}

	/** cutime + cstime: the CPU time of the children it has waited for. */
	private static long childrenTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
	}

	/**
	 * utime + stime of the JIT compiler threads ({@code C1 CompilerThread0}, ...; the kernel cuts thread names to 15
	 * characters). A thread that ended since the last sample takes its time with it, which undercounts slightly.
	 */
	private static long compilerTicks(long pid) throws IOException {
		long ticks = 0;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
			for (Path thread : threads) {
				String stat = readStat(thread.resolve("stat"));
				String name = commandOf(stat);
				if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
					ticks += cpuTicks(stat);
				}
			}
		}
		return ticks;
	}

	/**
	 * utime + stime of a process's or a thread's {@code stat} line. The command is in parentheses and may hold spaces,
	 * so the fields count from after it.
	 */
	private static long cpuTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static long kilobytes(String statusLine) {
		return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
	}

	/** {@code getconf CLK_TCK}: the unit of utime and stime; 100 on practically every Linux. */
	private static long clockTicksPerSecond() {
		try {
			Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(5, TimeUnit.SECONDS);
			return Long.parseLong(out);
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	/**
	 * Why {@code ./securecart up} failed, from its log: the launcher's own lines ({@code securecart: ...}: the step it
	 * failed at and the reason), then the log's last lines (what it stopped while cleaning up, a service's last words).
	 */
	static String whyUpFailed(List<String> lines) {
		List<String> said = new ArrayList<>(lines.stream().filter(line -> line.startsWith("securecart: ")).toList());
		lines.subList(Math.max(0, lines.size() - 12), lines.size())
			.stream()
			.filter(line -> !line.isBlank() && !said.contains(line))
			.forEach(said::add);
		return said.isEmpty() ? "(nothing in its log)" : String.join(" | ", said);
	}

	private static String whyUpFailed(Path log) {
		try {
			return whyUpFailed(Files.readAllLines(log));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	/** The simulated payment gateway's settings ({@code GET /api/admin/gateway}). */
	Optional<JsonNode> gateway() {
		return Json.get(url("payment") + "/api/admin/gateway");
	}

	void setGateway(Map<String, Object> settings) {
		Json.put(url("payment") + "/api/admin/gateway", settings)
			.orElseThrow(() -> new IllegalStateException("payment-service refused the gateway settings " + settings));
	}

	/**
	 * The machine's CPU time since it booted, in seconds.
	 *
	 * @param busySeconds all its CPUs' time not idle (user, nice, system, interrupts, steal)
	 * @param allSeconds busy, idle and waiting for I/O
	 * @param emulatorSeconds the emulator process's user + system time; NaN when it is not running here
	 * @param postgresSecondsByRole every PostgreSQL process's, primary and replica, by {@link #postgresRole}; a
	 * connection that ended counts in its postmaster's
	 * @param loadGeneratorSeconds the benchmark's: its own JVM and the Gatling runs it started, ended or running
	 */
	record MachineSample(double busySeconds, double allSeconds, double emulatorSeconds,
			Map<String, Double> postgresSecondsByRole, double loadGeneratorSeconds) {

		double postgresSeconds() {
			return postgresSecondsByRole.values().stream().mapToDouble(Double::doubleValue).sum();
		}
	}

	/**
	 * One process's CPU time and memory.
	 *
	 * @param pid the process
	 * @param cpuSeconds user + system CPU time since it started
	 * @param compilerCpuSeconds of which the JIT compiler threads'
	 * @param rssMb resident memory now
	 * @param peakRssMb the most resident memory it has had
	 */
	record ProcessSample(long pid, double cpuSeconds, double compilerCpuSeconds, double rssMb, double peakRssMb) {
	}
}
