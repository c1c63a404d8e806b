package io.securecart.shop.order;

/** Follows the convention: named after what it manages. */
class Orders {

}
