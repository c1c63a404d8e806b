package io.securecart.checkout.cart;

import java.time.Duration;

import io.securecart.contracts.MessagingNames;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code securecart.cart.*}.
 *
 * @param table the DynamoDB table declared in infra/topology.json
 * @param timeToLive how long a cart line lives after its last change
 * @param maxLines how many SKUs a cart holds, as an order does
 * @param callTimeout how long one call to the table may take, its retries included
 */
@ConfigurationProperties("securecart.cart")
record CartProperties(@DefaultValue(MessagingNames.CARTS_TABLE) String table,
		@DefaultValue("30d") Duration timeToLive, @DefaultValue("50") int maxLines,
		@DefaultValue("3s") Duration callTimeout) {
}
