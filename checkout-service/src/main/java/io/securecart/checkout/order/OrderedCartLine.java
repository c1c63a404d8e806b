package io.securecart.checkout.order;

import java.time.Instant;

/**
 * The cart line an order line was placed from, as it was then: recorded with the order, so that a retried cart
 * checkout removes exactly the lines it ordered, and leaves one changed, or removed and added again, since.
 *
 * @param sku the line's SKU, the order line's
 * @param version the line's optimistic version when it was ordered
 * @param writtenAt when that version was written; null for a line the release before it wrote, which kept none
 */
public record OrderedCartLine(String sku, long version, Instant writtenAt) {
}
