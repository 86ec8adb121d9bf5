"""Rectification service: the hazard ledger, supervision and relocation, for facilities kept from registry events."""
