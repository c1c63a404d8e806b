package io.securecart.fulfillment.shipment;

import java.math.BigDecimal;

import io.securecart.contracts.OrderLine;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of an order's fulfilment, as sold. The same values as a {@link ShipmentLine}, in another table: Spring Data
 * JDBC keeps the rows of a type in that type's own table, whichever aggregate holds them, so the order's lines and a
 * parcel's lines cannot share one record. {@link OrderFulfillment} shows them as {@link ShipmentLine}s.
 */
@Table("fulfillment_line")
record FulfillmentLine(String sku, int quantity, BigDecimal unitPrice, String currency) {

	static FulfillmentLine of(OrderLine line) {
		return new FulfillmentLine(line.sku(), line.quantity(), line.unitPrice().amount(),
				line.unitPrice().currency());
	}

	ShipmentLine toShipmentLine() {
		return new ShipmentLine(sku, quantity, unitPrice, currency);
	}
}
