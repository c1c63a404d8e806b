-- An order that fraud screening did not clear is cancelled before any charge (issue 11).
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check
    check (kind in ('ORDER_SHIPPED', 'PAYMENT_DECLINED', 'ORDER_CANCELLED_REFUNDED', 'ORDER_CANCELLED_NOT_CHARGED'));
