"""Twilio WhatsApp integration: signed webhooks in, REST API replies out, delivery status tracking."""
