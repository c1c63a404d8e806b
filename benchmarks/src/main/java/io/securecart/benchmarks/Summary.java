package io.securecart.benchmarks;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything one run measured: {@code summary.json} in its results directory. A scenario that did not run is absent.
 *
 * @param startedAt when the run began
 * @param seconds how long it took
 * @param command how to run it again
 * @param profile standard or smoke
 * @param machine where it ran
 * @param steady orders at a steady rate
 * @param slowPayment checkout's latency while payment is slow or stopped, decoupled and coupled
 * @param backlog a backlog worked off
 * @param catalog catalog reads per second
 * @param broker AWS requests per order against the emulator's capacity
 * @param startup the whole stack from nothing
 * @param notes what the reader should know about this run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Summary(Instant startedAt, double seconds, String command, String profile, Machine machine,
		SteadyScenario.Result steady, SlowPaymentScenario.Result slowPayment, BacklogScenario.Result backlog,
		CatalogScenario.Result catalog, BrokerScenario.Result broker, StartupScenario.Result startup,
		List<String> notes) {
}
