package io.securecart.fulfillment.shipment;

import java.math.BigDecimal;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One line to ship. The unit price travels along only so that {@code OrderShipped} can repeat the order's lines as
 * they were sold; the warehouse works with the SKU and the quantity.
 */
@Table("shipment_line")
public record ShipmentLine(String sku, int quantity, BigDecimal unitPrice, String currency) {

	static ShipmentLine of(OrderLine line) {
		return new ShipmentLine(line.sku(), line.quantity(), line.unitPrice().amount(), line.unitPrice().currency());
	}

	OrderLine toOrderLine() {
		return new OrderLine(sku, quantity, new Money(unitPrice, currency));
	}
}
