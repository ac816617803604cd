"""Voucher pages by audience: `enterprise` (apply, my vouchers), `orders` (the order page both the
enterprise and the provider act on), `provider` (catalogue, registration), `office` (dashboard,
redemption review, settlement, providers). Thin: selectors read, services do the work."""
