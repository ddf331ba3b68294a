"""Pure domain rules: contact ladder, rule sets, deadlines. No Flask, no SQLAlchemy."""
