package io.securecart.fulfillment.shipment;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.platform.messaging.AwsRequestCounter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Step Functions, configured like Spring Cloud AWS's own clients: the same endpoint, region and credentials; its
 * requests counted with the messaging clients' ({@code securecart.aws.requests}, service {@code sfn}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StepFunctionsConfiguration {

	@Bean(destroyMethod = "close")
	SfnClient sfnClient(AwsClientBuilderConfigurer configurer, ObjectProvider<MeterRegistry> meterRegistry) {
		SfnClientBuilder builder = configurer.configure(SfnClient.builder());
		meterRegistry.ifAvailable(registry -> new AwsRequestCounter(registry).countRequestsOf(builder));
		return builder.build();
	}
}
