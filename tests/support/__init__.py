"""Test support: keys, tokens, databases. Test-only code; the gateway alone signs in the product."""
