package io.securecart.fulfillment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Fulfillment: ships orders whose stock inventory reserved. Consumes {@code StockReserved} from
 * {@code fulfillment-order-events}, takes each shipment through the warehouse step by step, and publishes
 * {@code OrderShipped} on {@code order-events}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FulfillmentApplication {

	public static void main(String[] args) {
		SpringApplication.run(FulfillmentApplication.class, args);
	}
}
