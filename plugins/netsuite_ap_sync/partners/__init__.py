"""A partner's life: registration, status, accounts, and what people do about its records."""
