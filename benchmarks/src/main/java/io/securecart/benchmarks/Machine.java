package io.securecart.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the figures came from. Absolute numbers depend on all of it; the ratios of one run much less.
 *
 * @param cpus processors available ({@code nproc})
 * @param cpuModel from {@code /proc/cpuinfo}
 * @param memoryGb total memory ({@code free -g})
 * @param jdk the JDK that runs the benchmark (and, through ./securecart, the services)
 * @param os the kernel
 * @param broker the AWS emulator
 */
record Machine(int cpus, String cpuModel, long memoryGb, String jdk, String os, String broker) {

	static Machine describe() {
		return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryGb(),
				System.getProperty("java.vm.vendor") + " " + Runtime.version(),
				System.getProperty("os.name") + " " + System.getProperty("os.version"),
				"moto " + motoVersion() + " through infra/local/moto_fast.py (SQS hot paths patched)");
	}

	private static String readCpuModel() {
		return lines("/proc/cpuinfo").stream()
			.filter(line -> line.startsWith("model name"))
			.map(line -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown");
	}

	private static long readMemoryGb() {
		return lines("/proc/meminfo").stream()
			.filter(line -> line.startsWith("MemTotal:"))
			.map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024 * 1024))
			.findFirst()
			.orElse(-1L);
	}

	private static String motoVersion() {
		String python = System.getenv().getOrDefault("PYTHON", "python3");
		try {
			Process process = new ProcessBuilder(python, "-c", "import moto; print(moto.__version__)")
				.redirectErrorStream(true)
				.start();
			String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	private static List<String> lines(String file) {
		try {
			return Files.readAllLines(Path.of(file));
		}
		catch (IOException ex) {
			return List.of();
		}
	}
}
