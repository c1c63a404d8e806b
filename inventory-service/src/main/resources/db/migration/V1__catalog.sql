-- Products with their price and stock, and the stock set aside for paid orders.

create table product (
    sku           varchar(64)   primary key,
    name          varchar(200)  not null,
    description   varchar(2000) not null,
    price         numeric(12,2) not null,
    currency      varchar(3)    not null,
    stock_on_hand integer       not null,            -- physically in the warehouse
    reserved      integer       not null default 0,  -- of which promised to paid orders that have not shipped
    updated_at    timestamptz   not null default now(),
    version       bigint        not null default 0,
    constraint product_price_not_negative check (price >= 0),
    -- The last line of defence: even a bug in the code cannot take stock below zero or promise more than there is.
    constraint product_stock_on_hand_not_negative check (stock_on_hand >= 0),
    constraint product_reserved_not_negative check (reserved >= 0),
    constraint product_reserved_within_stock check (reserved <= stock_on_hand)
);

-- One row per order and product. RESERVED until the order ships (COMMITTED: the goods left the warehouse);
-- RELEASED is stock handed back to the shelf.
create table reservation (
    order_id   uuid        not null,
    sku        varchar(64) not null references product (sku),
    quantity   integer     not null,
    status     varchar(16) not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (order_id, sku),
    constraint reservation_quantity_positive check (quantity > 0),
    constraint reservation_status_known check (status in ('RESERVED', 'COMMITTED', 'RELEASED'))
);
