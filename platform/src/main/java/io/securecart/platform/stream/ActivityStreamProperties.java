package io.securecart.platform.stream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The customer activity producer ({@link CustomerActivityStream}).
 *
 * @param stream the Kinesis stream to put on; without it the service has no producer. Must exist at startup.
 * @param bufferCapacity activities waiting to be put; when full, a new one is dropped (and counted), never waited for
 * @param putTimeout the longest one {@code PutRecord} may take
 * @param attempts tries per activity before it is dropped (and counted)
 */
@ConfigurationProperties("securecart.activity")
public record ActivityStreamProperties(@Nullable String stream, @DefaultValue("10000") int bufferCapacity,
		@DefaultValue("2s") Duration putTimeout, @DefaultValue("3") int attempts) {
}
