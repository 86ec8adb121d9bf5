"""Contacts: who this service can reach (accounts from the gateway, facilities from the registry)."""
