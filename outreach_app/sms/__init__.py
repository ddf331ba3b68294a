"""SMS backends: the outbox (sends nothing) and Twilio. The outbox worker that drives them
is a service (services/sms_worker.py)."""
