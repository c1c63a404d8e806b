package io.securecart.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Notification: tells customers what happened to their orders. Consumes {@code OrderShipped},
 * {@code PaymentDeclined} and {@code PaymentRefunded} from {@code notification-order-events}; publishes nothing.
 */
@SpringBootApplication
public class NotificationApplication {

	public static void main(String[] args) {
		SpringApplication.run(NotificationApplication.class, args);
	}
}
