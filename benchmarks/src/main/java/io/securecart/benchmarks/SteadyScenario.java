package io.securecart.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders at a steady rate: how fast checkout answers, how long an order takes to ship, how many orders the pipeline
 * finishes per second, and what each order costs: AWS requests per service, CPU time per service, memory.
 * <p>
 * The costs are what the services spent between two snapshots, divided by the orders that ended between them, as
 * checkout counts them ({@code securecart.order.completion}): not only the orders placed in the window. Whatever
 * else ran in it is in its costs, so its orders must be too: a warm-up that had not drained (past the knee it leaves
 * a queue behind), or orders an earlier run left half done, which the services finish when they come back (a bench
 * killed at 4x the steady rate left 1,300 fulfilments STARTING, and the start sweep ran about 300 of them inside the
 * next run's window). Counting only the window's own orders made every cost per order at 4x about a third too high
 * (session 23). The window opens once the warm-up's orders have ended, so that its latencies are its own.
 */
final class SteadyScenario {

	private static final Logger log = LoggerFactory.getLogger(SteadyScenario.class);

	/**
	 * @param rate offered orders per second
	 * @param seconds of load
	 * @param checkout {@code POST /api/orders}
	 * @param pipeline what became of the accepted orders
	 * @param awsRequests per service and operation, from the start of the load until the last order finished
	 * @param awsRequestsPerOrder per service, per finished order
	 * @param awsRequestsPerOrderTotal all services, per finished order
	 * @param sqsRequestsPerOrder of which to SQS
	 * @param snsRequestsPerOrder of which to SNS
	 * @param cost per finished order, by what the emulator's raw capacity is measured in
	 * @param footprint per service
	 * @param hops per service and queue it listens to: messages, their mean wait for the listener and its mean time
	 * @param ordersInWindow the orders that ended inside the window, all of them: what its costs are divided by
	 * @param machine what else the window cost the machine: the emulator, PostgreSQL, everything else
	 */
	record Result(double rate, int seconds, LatencySummary checkout, Pipeline pipeline,
			Map<String, Map<String, Double>> awsRequests, Map<String, Double> awsRequestsPerOrder,
			double awsRequestsPerOrderTotal, double sqsRequestsPerOrder, double snsRequestsPerOrder,
			OrderCost cost, Map<String, Footprint> footprint, Map<String, Map<String, ListenerTimes.HopTimes>> hops,
			double ordersInWindow, MachineShare machine) {

		/**
		 * The window's figures: what was spent between the snapshots ({@code aws}, {@code hops}, the processes before
		 * and after) per order that ended inside it.
		 */
		static Result of(Profile profile, List<Sample> samples, List<OrderOutcome> outcomes, double ordersEnded,
				Map<String, Map<String, Double>> aws,
				Map<String, Map<String, ListenerTimes.HopTimes>> hops, Map<String, Stack.ProcessSample> processesBefore,
				Map<String, Stack.ProcessSample> processesAfter, Stack.MachineSample machineBefore,
				Stack.MachineSample machineAfter) {
			Pipeline pipeline = Pipeline.of(outcomes);
			// Fewer than its own would mean checkout restarted and counted from zero.
			double finished = Math.max(ordersEnded, pipeline.finished());

			Map<String, Double> perOrder = new LinkedHashMap<>();
			aws.forEach((service, operations) -> perOrder.put(service,
					Stats.round(Stats.ratio(AwsRequests.total(operations), finished))));
			double total = aws.values().stream().mapToDouble(AwsRequests::total).sum();

			Map<String, Footprint> footprint = new LinkedHashMap<>();
			double servicesCpu = 0;
			for (Map.Entry<String, Stack.ProcessSample> process : processesAfter.entrySet()) {
				Stack.ProcessSample after = process.getValue();
				Stack.ProcessSample before = processesBefore.get(process.getKey());
				boolean sameProcess = before != null && before.pid() == after.pid();
				double cpu = sameProcess ? after.cpuSeconds() - before.cpuSeconds() : Double.NaN;
				double jit = sameProcess ? after.compilerCpuSeconds() - before.compilerCpuSeconds() : Double.NaN;
				servicesCpu += cpu;
				footprint.put(process.getKey(), new Footprint(Stats.round(Stats.ratio(cpu * 1000, finished)),
						Stats.round(Stats.ratio(jit * 1000, finished)), Stats.round(after.rssMb()),
						Stats.round(after.peakRssMb())));
			}

			return new Result(profile.steadyRate(), profile.steadySeconds(),
					LatencySummary.of(samples, 202, profile.steadySeconds()), pipeline, aws, perOrder,
					Stats.round(Stats.ratio(total, finished)),
					Stats.round(Stats.ratio(AwsRequests.totalOf(aws, "sqs"), finished)),
					Stats.round(Stats.ratio(AwsRequests.totalOf(aws, "sns"), finished)), OrderCost.of(aws, finished),
					footprint, hops, finished, MachineShare.of(machineBefore, machineAfter, servicesCpu, finished));
		}

		/** Orders that ended inside the window but were placed before it. */
		double otherOrdersInWindow() {
			return ordersInWindow - pipeline.finished();
		}
	}

	/**
	 * The rest of the machine over the steady window: whether the services, the emulator or the database fill its
	 * CPUs. Per 1,000 finished orders, like the services' footprint.
	 *
	 * @param busyPercent the share of all the machine's CPU time that was not idle
	 * @param emulatorCpuSecondsPer1000Orders the emulator's (moto, one Python process: it can use one CPU at most)
	 * @param postgresCpuSecondsPer1000Orders PostgreSQL's, primary and replica
	 * @param postgresCpuSecondsPer1000OrdersByRole the same by what its processes do: each database's connections,
	 * replication, its own work ({@link Stack#postgresRole})
	 * @param loadGeneratorCpuSecondsPer1000Orders the benchmark's own: Gatling placing the orders, and the run reading
	 * them back; on the same CPUs, so a cost the orders would not have in production
	 * @param restCpuSecondsPer1000Orders everything else busy: the authorization server, Prometheus, Zipkin, the
	 * console, the kernel
	 */
	record MachineShare(double busyPercent, double emulatorCpuSecondsPer1000Orders,
			double postgresCpuSecondsPer1000Orders, Map<String, Double> postgresCpuSecondsPer1000OrdersByRole,
			double loadGeneratorCpuSecondsPer1000Orders, double restCpuSecondsPer1000Orders) {

		static MachineShare of(Stack.MachineSample before, Stack.MachineSample after, double servicesCpuSeconds,
				double finished) {
			double busy = after.busySeconds() - before.busySeconds();
			double emulator = after.emulatorSeconds() - before.emulatorSeconds();
			double postgres = after.postgresSeconds() - before.postgresSeconds();
			double loadGenerator = after.loadGeneratorSeconds() - before.loadGeneratorSeconds();
			Map<String, Double> byRole = new LinkedHashMap<>();
			after.postgresSecondsByRole()
				.entrySet()
				.stream()
				.map(role -> Map.entry(role.getKey(),
						role.getValue() - before.postgresSecondsByRole().getOrDefault(role.getKey(), 0.0)))
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.forEach(role -> byRole.put(role.getKey(), Stats.round(Stats.ratio(role.getValue() * 1000, finished))));
			double rest = busy - servicesCpuSeconds - (Double.isNaN(emulator) ? 0 : emulator) - postgres
					- loadGenerator;
			return new MachineShare(Stats.round(Stats.ratio(busy * 100, after.allSeconds() - before.allSeconds())),
					Stats.round(Stats.ratio(emulator * 1000, finished)),
					Stats.round(Stats.ratio(postgres * 1000, finished)), byRole,
					Stats.round(Stats.ratio(loadGenerator * 1000, finished)),
					Stats.round(Stats.ratio(rest * 1000, finished)));
		}
	}

	/**
	 * @param cpuSecondsPer1000Orders user + system CPU time of the process per 1,000 finished orders
	 * @param jitCpuSecondsPer1000Orders of which the JIT compiler's: a service still compiling its hot paths, a cost
	 * that fades as the JVM warms up
	 * @param rssMb resident memory at the end
	 * @param peakRssMb the most it ever had resident
	 */
	record Footprint(double cpuSecondsPer1000Orders, double jitCpuSecondsPer1000Orders, double rssMb,
			double peakRssMb) {
	}

	private final Run run;

	SteadyScenario(Run run) {
		this.run = run;
	}

	Result run() {
		Profile profile = run.profile();
		int warmUp = profile.steadyWarmUpSeconds();
		log.info("steady: {} orders/s for {} s, after {} s of warm-up (not recorded)", profile.steadyRate(),
				profile.steadySeconds(), warmUp);
		List<UUID> warmUpOrders = Run.accepted(run.placeOrders("steady-warm-up", profile.steadyRate(), warmUp, false));
		// The window's Gatling JVM starts while the warm-up drains: its start is not the window's cost. Closed, it
		// ends that JVM if the window never opened.
		try (GatlingRunner.Prepared window = run.prepareOrders("steady", profile.steadyRate(),
				profile.steadySeconds(), true)) {
			awaitDrained(warmUpOrders);
			window.awaitReady();
			Map<String, Map<String, Double>> awsBefore = run.awsRequests().snapshot();
			Map<String, Map<String, ListenerTimes.Hop>> hopsBefore = run.listenerTimes().snapshot();
			Map<String, Stack.ProcessSample> processesBefore = run.stack().processes();
			Stack.MachineSample machineBefore = run.stack().machine();
			double endedBefore = run.ordersEnded();

			List<Sample> samples = window.start();
			List<OrderOutcome> outcomes = run.awaitFinished(Run.accepted(samples));

			Map<String, Stack.ProcessSample> processesAfter = run.stack().processes();
			Stack.MachineSample machineAfter = run.stack().machine();
			Map<String, Map<String, Double>> aws = AwsRequests.difference(awsBefore, run.awsRequests().snapshot());
			Map<String, Map<String, ListenerTimes.HopTimes>> hops = ListenerTimes.difference(hopsBefore,
					run.listenerTimes().snapshot());
			double ended = run.ordersEnded() - endedBefore;
			Result result = Result.of(profile, samples, outcomes, ended, aws, hops, processesBefore, processesAfter,
					machineBefore, machineAfter);
			LatencySummary checkout = result.checkout();
			Pipeline pipeline = result.pipeline();
			log.info("  checkout p99 {} ms, errors {} %; {} of {} orders finished, end to end p50 {} ms; {} AWS"
					+ " requests per order", checkout.p99Ms(), checkout.errorPercent(), pipeline.finished(),
					pipeline.orders(), pipeline.endToEndP50Ms(), result.awsRequestsPerOrderTotal());
			return result;
		}
	}

	/**
	 * Waits for the warm-up's orders for as long as they keep finishing: an overloaded pipeline drains them slowly,
	 * a stuck one gives up after one drain timeout without progress.
	 */
	private void awaitDrained(List<UUID> orders) {
		List<UUID> running = orders;
		while (!running.isEmpty()) {
			Set<UUID> finished = run.awaitFinished(running)
				.stream()
				.filter(OrderOutcome::terminal)
				.map(OrderOutcome::id)
				.collect(Collectors.toSet());
			if (finished.isEmpty()) {
				log.warn("  {} warm-up orders had not ended and none ended in {} s: the window opens with them"
						+ " running", running.size(), run.profile().drainTimeout().toSeconds());
				break;
			}
			// Oldest first, as OrderTracker reads them.
			running = running.stream().filter(id -> !finished.contains(id)).toList();
		}
	}
}
