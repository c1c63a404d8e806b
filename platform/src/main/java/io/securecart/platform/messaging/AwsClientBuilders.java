package io.securecart.platform.messaging;

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
 */
public class AwsClientBuilders {

	private final AwsClientBuilderConfigurer configurer;

	private final ObjectProvider<AwsSyncClientCustomizer> customizers;

	AwsClientBuilders(AwsClientBuilderConfigurer configurer, ObjectProvider<AwsSyncClientCustomizer> customizers) {
		this.configurer = configurer;
		this.customizers = customizers;
	}

	public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
		return configurer.configureSyncClient(builder, null, null, null, customizers.orderedStream());
	}
}
