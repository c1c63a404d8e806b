package io.securecart.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes a run starts (Gatling, {@code ./securecart up}), so that an interrupted run (Ctrl-C, SIGTERM) ends
 * them, with their own children, before it puts the stack back; and starts no more once it is stopping.
 */
final class ChildProcesses {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	private static volatile boolean stopping;

	private ChildProcesses() {
	}

	static Process start(ProcessBuilder builder) throws IOException {
		if (stopping) {
			throw new IllegalStateException("The run is stopping: no new process");
		}
		Process process = builder.start();
		running.add(process);
		process.onExit().thenRun(() -> running.remove(process));
		return process;
	}

	/** The processes started here that still run: a Gatling JVM waiting at its start gate, for one. */
	static List<Long> runningPids() {
		return running.stream().filter(Process::isAlive).map(Process::pid).toList();
	}

	/** Ends every process still running, children first; from then on {@link #start} refuses. */
	static void stopAll() {
		stopping = true;
		for (Process process : running) {
			process.descendants().forEach(ProcessHandle::destroy);
			process.destroy();
		}
	}

	/** Lets the clean-up start processes again (it may need {@code ./securecart up} and {@code down}). */
	static void allowCleanUp() {
		stopping = false;
	}
}
