"""What every object's run shares: the run context, validation, planning, applying decisions, reports."""
