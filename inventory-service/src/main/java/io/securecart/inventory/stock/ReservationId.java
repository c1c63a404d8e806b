package io.securecart.inventory.stock;

import java.util.UUID;

/**
 * A reservation is identified by its order and product: an order reserves each product at most once. A composite id:
 * Spring Data JDBC maps its components to the columns {@code order_id} and {@code sku} of the reservation's row.
 */
record ReservationId(UUID orderId, String sku) {
}
