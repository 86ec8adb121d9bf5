"""Gateway: accounts, tokens, the proxy to the services, audit, merged OpenAPI and SPA hosting."""
