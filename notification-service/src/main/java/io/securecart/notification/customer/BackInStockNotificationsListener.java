package io.securecart.notification.customer;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.StockLevelChanged;

import org.springframework.stereotype.Component;

/** {@code StockLevelChanged} from the stock-alerts function (its subscription lets nothing else through). */
@Component
class BackInStockNotificationsListener {

	private final BackInStockNotifications backInStock;

	BackInStockNotificationsListener(BackInStockNotifications backInStock) {
		this.backInStock = backInStock;
	}

	@SqsListener(value = MessagingNames.NOTIFICATION_STOCK_QUEUE, id = "back-in-stock-notifications")
	void on(StockLevelChanged event) {
		backInStock.on(event);
	}
}
