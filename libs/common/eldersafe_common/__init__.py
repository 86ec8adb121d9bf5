"""Cross-cutting code shared by the ElderSafe services: settings, database, events, auth, errors, HTTP."""
