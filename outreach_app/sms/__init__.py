"""SMS backends (outbox and Twilio) and the outbox worker live here."""
