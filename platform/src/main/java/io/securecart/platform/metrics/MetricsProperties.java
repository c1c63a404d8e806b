package io.securecart.platform.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sampleInterval how often queue attributes and the outbox backlog are read (a scrape reads the last sample)
 * @param awsCallTimeout how long one {@code GetQueueAttributes} may take
 */
@ConfigurationProperties("securecart.metrics")
record MetricsProperties(@DefaultValue("10s") Duration sampleInterval, @DefaultValue("5s") Duration awsCallTimeout) {
}
