package io.securecart.checkout.cart;

import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbClientCustomizer;
import io.securecart.platform.messaging.AwsClientBuilders;
import io.securecart.platform.messaging.MissingTopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The carts table, through the enhanced client that Spring Cloud AWS configures (endpoint, region, credentials from
 * {@code spring.cloud.aws.*}). Like a missing queue, a missing table stops startup: it is declared in
 * infra/topology.json and provisioned, never created by the service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CartProperties.class)
class CartConfiguration {

	private static final Logger log = LoggerFactory.getLogger(CartConfiguration.class);

	/**
	 * Every call to the table ends within {@code securecart.cart.call-timeout}, its retries included, as a 503
	 * ({@code cart-unavailable}): the transport closes a stalled connection only after 30 s and the SDK then retries,
	 * so a page, or the answer to a checkout whose order is placed, could wait minutes. Kept with what the platform set
	 * on the client (its request count).
	 */
	@Bean
	DynamoDbClientCustomizer cartCallTimeout(CartProperties properties) {
		return builder -> builder.overrideConfiguration(
				builder.overrideConfiguration().toBuilder().apiCallTimeout(properties.callTimeout()).build());
	}

	@Bean
	DynamoDbTable<CartLine> cartTable(DynamoDbEnhancedClient enhancedClient, DynamoDbClient dynamoDb,
			CartProperties properties) {
		try {
			// The platform's startup allowance, longer than a cart's calls: this first call opens the connection.
			dynamoDb.describeTable(request -> request.tableName(properties.table())
				.overrideConfiguration(override -> override.apiCallTimeout(AwsClientBuilders.STARTUP_CALL_TIMEOUT)));
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("DynamoDB table", properties.table(), ex);
		}
		log.info("Cart table present: {}", properties.table());
		return enhancedClient.table(properties.table(), TableSchema.fromBean(CartLine.class));
	}
}
