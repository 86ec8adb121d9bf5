"""The public tip-off context: tips (举报) taken in from the public and Open311, their triage, and rewards.

It depends on inspections (tasks, campaigns, photos); nothing below it imports it. The tip check's link back from
a submitted inspection is a hook the app factory registers (``eldersafe_inspection.wiring``).
"""
