"""The demo district in the middle of its campaign: ``python -m deploy.demo.campaign`` (``make seed`` runs it).

A story played by the demo accounts through the platform's own APIs, in one process and on a moving clock: the
gateway and the four services are loaded as ASGI apps and called over httpx (no ports, no processes), each role
logged in through ``/api/auth/login`` and calling the paths the SPA calls; the services' event consumers run
between steps and the workers' periodic jobs (overdue check, follow-up draw, escalation tick, phase and digest
checks) run once each simulated day. The clock starts about five weeks back (``ELDERSAFE_CLOCK_OFFSET_DAYS`` in
this process only) and ends at the real today, so every date and deadline is where a campaign begun then would
have put it. No table is written behind a service's back; the one exception to "only through HTTP" is the demo
receipt, which the inspection service's own development-only seed code sets (``eldersafe_inspection.seed``).

Files: ``inprocess.py`` (the platform in one process and the story's clock), ``people.py`` (the demo accounts and
their calls), ``story.py`` (what happens where: facilities, findings, tips), ``survey.py``, ``ledger.py`` and
``tips.py`` (what each role does), ``runner.py`` (the days, in order), ``__main__.py`` (the command).
"""

CAMPAIGN_NAME = "鹤鸣区养老机构安全隐患专项整治（演示）"
# The receipt of the demo tip the README lists (grouped as the tip page shows it).
DEMO_RECEIPT = "2026 1207 0000 0001"
