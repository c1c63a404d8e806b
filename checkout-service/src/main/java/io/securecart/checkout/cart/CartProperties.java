package io.securecart.checkout.cart;

import java.time.Duration;

import io.securecart.checkout.order.PlaceOrderRequest;
import io.securecart.contracts.MessagingNames;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code securecart.cart.*}.
 *
 * @param table the DynamoDB table declared in infra/topology.json
 * @param timeToLive how long a cart line lives after its last change
 * @param maxLines how many SKUs a cart holds, as an order does: no more than {@code POST /api/orders} accepts, since
 * a cart's order is built in code and no request validation sees it
 * @param callTimeout how long one call to the table may take, its retries included
 */
@Validated
@ConfigurationProperties("securecart.cart")
record CartProperties(@DefaultValue(MessagingNames.CARTS_TABLE) String table,
		@DefaultValue("30d") Duration timeToLive,
		@DefaultValue("50") @Min(1) @Max(PlaceOrderRequest.MAX_ITEMS) int maxLines,
		@DefaultValue("5s") Duration callTimeout) {
}
