"""Notification service: deadline alerts, escalations, SMS/email, inbox and webhooks."""
