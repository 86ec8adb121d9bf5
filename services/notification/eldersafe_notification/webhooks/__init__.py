"""Webhooks: subscribers (the city platform) told of facility, supervision and hazard events, HMAC-signed."""
