package io.securecart.stockalerts;

import io.securecart.contracts.events.OrderEventCodec;
import software.amazon.awssdk.services.sns.SnsClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The function on AWS Lambda. The handler is Spring Cloud Function's
 * {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker}; it starts this context ({@code MAIN_CLASS})
 * and hands every SQS event to the bean {@code spring.cloud.function.definition} names. The topic's ARN comes from
 * {@code SECURECART_STOCK_ALERTS_TOPIC_ARN}, the region and credentials from the Lambda's environment and role.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import(StockAlertsFunctionConfiguration.class)
public class StockAlertsFunctionApplication {

	@Bean(destroyMethod = "close")
	SnsClient snsClient() {
		return SnsClient.create();
	}

	@Bean
	StockLevelPublisher stockLevelPublisher(SnsClient sns, StockAlertsProperties properties) {
		if (properties.topicArn() == null || properties.topicArn().isBlank()) {
			throw new IllegalStateException("securecart.stock-alerts.topic-arn is not set: nowhere to publish");
		}
		return new SnsStockLevelPublisher(sns, properties.topicArn(), OrderEventCodec.standalone());
	}

	public static void main(String[] args) {
		SpringApplication.run(StockAlertsFunctionApplication.class, args);
	}
}
