package io.securecart.fulfillment.shipment;

import io.securecart.platform.messaging.AwsClientBuilders;
import software.amazon.awssdk.services.sfn.SfnClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Step Functions, configured like Spring Cloud AWS's own clients ({@link AwsClientBuilders}): the same endpoint,
 * region, credentials and transport; its requests counted with the messaging clients' ({@code securecart.aws.requests},
 * service {@code sfn}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StepFunctionsConfiguration {

	@Bean(destroyMethod = "close")
	SfnClient sfnClient(AwsClientBuilders clients) {
		return clients.configure(SfnClient.builder()).build();
	}
}
