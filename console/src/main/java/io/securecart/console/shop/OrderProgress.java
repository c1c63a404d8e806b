package io.securecart.console.shop;

import java.util.List;

/** An order, its shipments (with their workflow steps) and the notifications sent about it, at one moment. */
record OrderProgress(Order order, List<Shipment> shipments, List<Notification> notifications) {
}
