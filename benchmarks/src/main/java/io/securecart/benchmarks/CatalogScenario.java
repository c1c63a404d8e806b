package io.securecart.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalog reads per second: a product by SKU (cached by inventory for a few seconds) and a search (a query every
 * time). With the replica switch ({@code SECURECART_INVENTORY_REPLICA_ENABLED}), both with reads on the streaming
 * replica and with every read on the primary; each answer's {@code X-Data-Source} header says which one served it.
 * Each run starts with a few seconds of reads that are not recorded: a service just restarted runs slower until its
 * JIT has compiled the hot paths, which would favour whichever setting ran on the warmer service.
 */
final class CatalogScenario {

	private static final Logger log = LoggerFactory.getLogger(CatalogScenario.class);

	static final String REPLICA_VARIABLE = "SECURECART_INVENTORY_REPLICA_ENABLED";

	static final String BY_SKU = "/api/catalog/products/SC-MUG-002";

	static final String SEARCH = "/api/catalog/products?q=shirt";

	/**
	 * @param replica the switch: "on", "off", or "as running" when not switched
	 * @param dataSource what the catalog's {@code X-Data-Source} header said: replica or primary
	 * @param restartSeconds to restart inventory-service with this setting, if it was restarted
	 * @param bySku {@value #BY_SKU}
	 * @param search {@value #SEARCH}
	 */
	record Setting(String replica, String dataSource, Double restartSeconds, LatencySummary bySku,
			LatencySummary search) {
	}

	/**
	 * @param concurrency readers at once
	 * @param seconds each run lasts
	 * @param settings one per replica setting measured
	 * @param note what could not be compared, if anything
	 */
	record Result(int concurrency, int seconds, List<Setting> settings, String note) {
	}

	private final Run run;

	CatalogScenario(Run run) {
		this.run = run;
	}

	Result run() {
		Profile profile = run.profile();
		if (!profile.catalogReplicaSwitch()) {
			return new Result(profile.catalogConcurrency(), profile.catalogSeconds(),
					List.of(measure("as running", null)),
					"replica on and off not compared in this profile");
		}
		Optional<String> original = run.variable(REPLICA_VARIABLE);
		List<Setting> settings = new ArrayList<>();
		for (String enabled : List.of("true", "false")) {
			Double restart = null;
			if (!enabled.equals(original.orElse("true")) || !settings.isEmpty()) {
				log.info("catalog: restarting inventory-service with the replica {}", label(enabled));
				run.setVariable(REPLICA_VARIABLE, enabled);
				restart = SlowPaymentScenario.seconds(run.restart("inventory"));
			}
			settings.add(measure(label(enabled), restart));
		}
		if (!Objects.equals(run.variable(REPLICA_VARIABLE), original)) {
			log.info("catalog: restarting inventory-service as it was");
			run.setVariable(REPLICA_VARIABLE, original.orElse(null));
			run.restart("inventory");
		}
		String note = settings.getLast().dataSource().equals(settings.getFirst().dataSource())
				? "the replica switch made no difference to where reads went: this inventory-service build may not have"
						+ " securecart.inventory.replica.enabled; only reads per second are meaningful"
				: null;
		return new Result(profile.catalogConcurrency(), profile.catalogSeconds(), settings, note);
	}

	private Setting measure(String replica, Double restartSeconds) {
		Profile profile = run.profile();
		String url = run.stack().url("inventory");
		String dataSource = Json.header(url + SEARCH, "X-Data-Source").orElse("unknown");
		log.info("catalog, replica {}: {} readers for {} s each, reads served by the {}", replica,
				profile.catalogConcurrency(), profile.catalogSeconds(), dataSource);
		String tag = replica.replace(' ', '-');
		LatencySummary bySku = LatencySummary.of(
				run.readCatalog("catalog-" + tag + "-by-sku", BY_SKU, profile.catalogConcurrency(),
						profile.catalogSeconds(), profile.warmUpSeconds()),
				200, profile.catalogSeconds());
		LatencySummary search = LatencySummary.of(
				run.readCatalog("catalog-" + tag + "-search", SEARCH, profile.catalogConcurrency(),
						profile.catalogSeconds(), profile.warmUpSeconds()),
				200, profile.catalogSeconds());
		requireSomeSucceeded(bySku, "catalog-" + tag + "-by-sku");
		requireSomeSucceeded(search, "catalog-" + tag + "-search");
		log.info("  by SKU {} reads/s (p99 {} ms), search {} reads/s (p99 {} ms)", bySku.succeededPerSecond(),
				bySku.p99Ms(), search.succeededPerSecond(), search.p99Ms());
		return new Setting(replica, dataSource, restartSeconds, bySku, search);
	}

	private static String label(String enabled) {
		return "true".equals(enabled) ? "on" : "off";
	}

	/** A read rate of zero is not a figure: every read failed (the answers' statuses are in the samples). */
	private static void requireSomeSucceeded(LatencySummary reads, String label) {
		if (reads.requests() > 0 && reads.succeeded() == 0) {
			throw new IllegalStateException("none of " + reads.requests() + " catalog reads succeeded (" + label
					+ "): see samples/" + label + ".csv");
		}
	}
}
