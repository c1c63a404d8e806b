package io.securecart.checkout;


import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Checkout: takes orders over REST, prices them from the inventory catalog, sends {@code OrderPlaced} to the orders
 * FIFO queue through the outbox, and follows every later order event to keep each order's status and timeline.
 */
@SpringBootApplication
public class CheckoutApplication {

	public static void main(String[] args) {
		SpringApplication.run(CheckoutApplication.class, args);
	}
}
