package io.securecart.fulfillment.shipment;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import software.amazon.awssdk.services.sfn.SfnClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Step Functions, configured like Spring Cloud AWS's own clients: the same endpoint, region and credentials. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StepFunctionsConfiguration {

	@Bean(destroyMethod = "close")
	SfnClient sfnClient(AwsClientBuilderConfigurer configurer) {
		return configurer.configure(SfnClient.builder()).build();
	}
}
