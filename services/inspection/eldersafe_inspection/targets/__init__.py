"""Inspection targets: the facilities this service inspects, as registry events describe them."""
