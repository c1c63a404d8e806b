package io.securecart.inventory.recommendation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The activity stream's consumer and the recommendations it serves.
 *
 * @param stream the Kinesis stream to read (must exist at startup)
 * @param pollInterval pause between two rounds of {@code GetRecords} over the shards (AWS allows 5 per shard per
 * second)
 * @param maxRecordsPerPoll records per {@code GetRecords}, applied and checkpointed in one transaction
 * @param shardDiscoveryInterval how often the shard list is read again, to follow a reshard
 * @param minCustomers a product is recommended only when at least this many customers back it, so that no answer
 * reveals what one customer bought
 * @param limit recommendations per product
 */
@ConfigurationProperties("securecart.recommendations")
record RecommendationProperties(String stream, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("1000") int maxRecordsPerPoll, @DefaultValue("60s") Duration shardDiscoveryInterval,
		@DefaultValue("2") int minCustomers, @DefaultValue("5") int limit) {
}
