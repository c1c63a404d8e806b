package io.securecart.platform.messaging;

import java.time.Duration;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Configures the builder of a client Spring Cloud AWS does not make (EventBridge, S3, Kinesis, Step Functions) as it
 * configures its own: endpoint, region and credentials from {@code spring.cloud.aws.*}, then every
 * {@link AwsSyncClientCustomizer} (the transport and the request count, {@link AwsClientsAutoConfiguration}).
 * Spring Cloud AWS's {@code configure(builder)} alone would skip the customizers.
 * <p>
 * Every call of such a client ends within {@link #CALL_TIMEOUT}, its retries included, unless the call sets its own
 * (the outbox relay's publish, Kinesis puts): health's rule checks, payment's replays and fulfillment's answers to
 * Step Functions wait on these calls, and the transport alone closes a stalled connection only after 30 s, after
 * which the SDK retries.
 */
public class AwsClientBuilders {

	private final AwsClientBuilderConfigurer configurer;

	private final ObjectProvider<AwsSyncClientCustomizer> customizers;

	AwsClientBuilders(AwsClientBuilderConfigurer configurer, ObjectProvider<AwsSyncClientCustomizer> customizers) {
		this.configurer = configurer;
		this.customizers = customizers;
	}

	public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * For a client's first call, the startup check of what it uses: it opens the client's connection (and may fetch
	 * credentials), which a loaded emulator can take longer for; a timeout there would stop the service as if the
	 * resource were missing.
	 */
	public static final Duration STARTUP_CALL_TIMEOUT = Duration.ofSeconds(30);

	public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
		B configured = configurer.configureSyncClient(builder, null, null, null, customizers.orderedStream());
		configured.overrideConfiguration(
				configured.overrideConfiguration().toBuilder().apiCallTimeout(CALL_TIMEOUT).build());
		return configured;
	}
}
