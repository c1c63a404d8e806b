package io.securecart.stockalerts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lowStockThreshold at or below this many available, a product is low on stock
 * @param topicArn the {@code stock-events} topic, on Lambda (a service resolves it by name)
 */
@ConfigurationProperties("securecart.stock-alerts")
public record StockAlertsProperties(@DefaultValue("5") int lowStockThreshold, String topicArn) {
}
