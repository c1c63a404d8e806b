package io.securecart.inventory.recommendation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The activity stream's consumer and the recommendations it serves.
 *
 * @param stream the Kinesis stream to read (must exist at startup)
 * @param pollInterval pause between two rounds of {@code GetRecords} over the shards (AWS allows 5 per shard per
 * second) while records come
 * @param quietPollInterval the longest pause while the shards are empty: each round that reads nothing doubles the
 * pause up to this, the first round that reads records goes back to {@code pollInterval}. An idle stream then costs
 * a {@code GetRecords} per shard every few seconds, not every second (each about 3 ms of the service's CPU), and
 * the first activity after a quiet spell reaches the recommendations at most this late
 * @param maxRecordsPerPoll records per {@code GetRecords}, applied and checkpointed in one transaction
 * @param shardDiscoveryInterval how often the shard list is read again, to follow a reshard
 * @param minCustomers a product is recommended only when at least this many customers other than the caller back it,
 * so that no answer reveals what one customer bought or viewed
 * @param limit recommendations per product
 */
@ConfigurationProperties("securecart.recommendations")
record RecommendationProperties(String stream, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("8s") Duration quietPollInterval, @DefaultValue("1000") int maxRecordsPerPoll,
		@DefaultValue("60s") Duration shardDiscoveryInterval, @DefaultValue("5") int minCustomers,
		@DefaultValue("5") int limit) {

	/** The pause before the next round, after a round that read this many records following this pause. */
	Duration pauseAfter(Duration lastPause, int recordsRead) {
		if (recordsRead > 0) {
			return pollInterval;
		}
		Duration doubled = lastPause.multipliedBy(2);
		return doubled.compareTo(quietPollInterval) > 0 ? quietPollInterval : doubled;
	}
}
