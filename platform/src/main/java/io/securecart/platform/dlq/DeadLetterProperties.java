package io.securecart.platform.dlq;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param redriveMethod {@code auto} (StartMessageMoveTask, falling back to receive-send-delete where the broker lacks
 * it, as moto does), {@code move-task} or {@code receive-send-delete}
 * @param awsCallTimeout the longest any one SQS or SNS call of an inspection or redrive may take
 */
@ConfigurationProperties("securecart.dlq")
public record DeadLetterProperties(@DefaultValue("auto") DeadLetterQueues.RedriveMethod redriveMethod,
		@DefaultValue("20s") Duration awsCallTimeout) {
}
