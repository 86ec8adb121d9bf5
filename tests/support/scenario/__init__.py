"""Support for the whole-campaign scenario test (``tests/e2e/test_campaign_scenario.py``): its own platform with
its own clock, mail sink and database; the demo accounts as actors over HTTP; the survey, the ledger's steps and the
checks of what the deadline ladder delivered, each by its own channel."""
