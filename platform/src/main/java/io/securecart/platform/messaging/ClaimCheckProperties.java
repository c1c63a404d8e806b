package io.securecart.platform.messaging;

import io.securecart.contracts.MessagingNames;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The claim check (ADR 16): a message over {@code threshold} goes out as a pointer to its payload in {@code bucket}.
 *
 * @param bucket the S3 bucket declared in {@code infra/topology.json} ({@code buckets}); on AWS, the name the CDK app
 * gave it. A service refuses to start without it.
 * @param threshold the largest message sent as it is, counted as SQS and SNS count (body plus attributes' names, types
 * and values). 256 KiB by default: SNS's and EventBridge's limit, and AWS's extended clients' default. SQS alone
 * would take 1 MiB, but SNS-to-SQS and one threshold for every destination keep it simple.
 */
@ConfigurationProperties("securecart.messaging.claim-check")
public record ClaimCheckProperties(@DefaultValue(MessagingNames.LARGE_PAYLOADS_BUCKET) String bucket,
		@DefaultValue("256KB") DataSize threshold) {
}
