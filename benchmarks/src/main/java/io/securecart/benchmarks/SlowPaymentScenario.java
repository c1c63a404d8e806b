package io.securecart.benchmarks;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same load while the payment gateway gets slower (0, 0.5, 2, 5 s per call) and while payment-service is
 * stopped, in both of checkout's payment modes. Decoupled, checkout's latency should not move: payment's trouble stays
 * in payment, and its orders wait in {@code orders.fifo}. Coupled, every order waits for payment, and fails with it.
 * Each mode starts with a few seconds of healthy load that is not recorded: checkout may have just been restarted.
 */
final class SlowPaymentScenario {

	private static final Logger log = LoggerFactory.getLogger(SlowPaymentScenario.class);

	static final String MODE_VARIABLE = "SECURECART_CHECKOUT_PAYMENT_MODE";

	static final String STOPPED = "payment stopped";

	/** checkout's {@code securecart.checkout.payment-mode}. */
	enum Mode {

		DECOUPLED, COUPLED;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * @param gateway the condition: the gateway's latency, or "payment stopped"
	 * @param checkout {@code POST /api/orders} meanwhile
	 * @param p99RatioToHealthy checkout's p99 divided by its p99 with a healthy gateway, in the same mode
	 */
	record Condition(String gateway, LatencySummary checkout, double p99RatioToHealthy) {
	}

	/**
	 * @param mode checkout's payment mode
	 * @param conditions in the order they ran, healthy first
	 * @param accepted orders accepted over all conditions
	 * @param finishedAfterRecovery of those, how many finished once the gateway was healthy again and payment-service
	 * was back: nothing accepted is lost
	 */
	record ModeResult(String mode, List<Condition> conditions, long accepted, long finishedAfterRecovery) {
	}

	/**
	 * @param rate orders per second in each condition
	 * @param seconds each condition lasts
	 * @param modes one result per payment mode
	 * @param restartSeconds how long each restart the scenario made took, from {@code ./securecart up} to all UP
	 */
	record Result(double rate, int seconds, List<ModeResult> modes, Map<String, Double> restartSeconds) {
	}

	private final Run run;

	SlowPaymentScenario(Run run) {
		this.run = run;
	}

	Result run() {
		Profile profile = run.profile();
		String original = run.variable(MODE_VARIABLE).orElse(Mode.DECOUPLED.value());
		Map<String, Double> restarts = new LinkedHashMap<>();
		List<ModeResult> modes = new ArrayList<>();
		List<Mode> order = profile.modes();
		if (!order.getFirst().value().equals(original)) {
			log.info("slow payment: restarting checkout-service in the {} mode", order.getFirst().value());
			run.setVariable(MODE_VARIABLE, order.getFirst().value());
			restarts.put("checkout", seconds(run.restart("checkout")));
		}
		for (int i = 0; i < order.size(); i++) {
			Mode mode = order.get(i);
			String next = i + 1 < order.size() ? order.get(i + 1).value() : original;
			modes.add(runMode(mode, next, restarts));
		}
		return new Result(profile.slowRate(), profile.slowSeconds(), modes, restarts);
	}

	/**
	 * Runs every condition in {@code mode}, then brings payment-service back and, if the next mode differs, restarts
	 * checkout-service in it, both in one {@code ./securecart up}; then waits for the mode's orders to finish.
	 */
	private ModeResult runMode(Mode mode, String nextMode, Map<String, Double> restarts) {
		Profile profile = run.profile();
		List<Condition> conditions = new ArrayList<>();
		List<UUID> accepted = new ArrayList<>();
		double healthyP99 = Double.NaN;
		log.info("slow payment, {}: warming up for {} s (not recorded)", mode.value(), profile.warmUpSeconds());
		run.setGatewayLatency(Duration.ZERO);
		accepted.addAll(Run.accepted(run.placeOrders("slow-" + mode.value() + "-warm-up", profile.slowRate(),
				profile.warmUpSeconds(), false)));
		for (Duration latency : profile.gatewayLatencies()) {
			run.setGatewayLatency(latency);
			String label = BigDecimal.valueOf(latency.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
			log.info("slow payment, {}: gateway latency {}", mode.value(), label);
			List<Sample> samples = run.placeOrders("slow-" + mode.value() + "-" + latency.toMillis() + "ms",
					profile.slowRate(), profile.slowSeconds(), false);
			LatencySummary checkout = LatencySummary.of(samples, 202, profile.slowSeconds());
			if (latency.isZero()) {
				healthyP99 = checkout.p99Ms();
			}
			conditions.add(new Condition(label, checkout, Stats.round(Stats.ratio(checkout.p99Ms(), healthyP99))));
			accepted.addAll(Run.accepted(samples));
			logCondition(checkout);
		}
		boolean switchMode = !nextMode.equals(mode.value());
		if (profile.stopPayment()) {
			log.info("slow payment, {}: payment-service stopped", mode.value());
			run.stack().stop("payment");
			List<Sample> samples = run.placeOrders("slow-" + mode.value() + "-stopped", profile.slowRate(),
					profile.slowSeconds(), false);
			LatencySummary checkout = LatencySummary.of(samples, 202, profile.slowSeconds());
			conditions.add(new Condition(STOPPED, checkout, Stats.round(Stats.ratio(checkout.p99Ms(), healthyP99))));
			accepted.addAll(Run.accepted(samples));
			logCondition(checkout);
		}
		if (switchMode) {
			run.stack().stop("checkout");
			run.setVariable(MODE_VARIABLE, nextMode);
		}
		if (switchMode || profile.stopPayment()) {
			String what = (profile.stopPayment() ? "payment" : "") + (profile.stopPayment() && switchMode ? " + " : "")
					+ (switchMode ? "checkout (" + nextMode + ")" : "");
			log.info("slow payment: starting {}", what);
			restarts.put(what, seconds(run.startMissing()));
		}
		run.setGatewayLatency(Duration.ZERO);
		log.info("slow payment, {}: waiting for its {} accepted orders to finish", mode.value(), accepted.size());
		long finished = run.awaitFinished(accepted).stream().filter(OrderOutcome::terminal).count();
		return new ModeResult(mode.value(), conditions, accepted.size(), finished);
	}

	private static void logCondition(LatencySummary checkout) {
		log.info("  checkout p50 {} ms, p99 {} ms, errors {} %", checkout.p50Ms(), checkout.p99Ms(),
				checkout.errorPercent());
	}

	static double seconds(Duration duration) {
		return Stats.round(duration.toMillis() / 1000.0);
	}
}
