package io.securecart.notification.notification;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.StockLevelChanged;

import org.springframework.stereotype.Component;

/** {@code StockLevelChanged} from the stock-alerts function (its subscription lets nothing else through). */
@Component
class StockEventListener {

	private final BackInStockNotifications backInStock;

	StockEventListener(BackInStockNotifications backInStock) {
		this.backInStock = backInStock;
	}

	@SqsListener(value = MessagingNames.NOTIFICATION_STOCK_QUEUE, id = "back-in-stock-notifications")
	void on(StockLevelChanged event) {
		backInStock.on(event);
	}
}
