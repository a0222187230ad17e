"""A widget factory for ``ConnectionForm.build_widgets`` that records what each field asked for."""

from __future__ import annotations


class RecordingFactory:
    def text(self, label, description, default, choices):
        return ("text", label, default, choices)

    def password(self, label, description):
        return ("password", label)

    def integer(self, label, description, default, minimum):
        return ("integer", label, default, minimum)
