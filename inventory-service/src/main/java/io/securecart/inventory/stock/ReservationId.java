package io.securecart.inventory.stock;

import java.util.UUID;

import jakarta.persistence.Embeddable;

/** A reservation is identified by its order and product: an order reserves each product at most once. */
@Embeddable
record ReservationId(UUID orderId, String sku) {
}
