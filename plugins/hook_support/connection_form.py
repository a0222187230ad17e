"""A connection type's form in the Airflow UI, declared once as a table.

``conn_fields`` and the field behaviour are Airflow's declarative format (provider info
``conn-fields`` / ``ui-field-behaviour``, read by the Airflow 3 UI without importing the
hook). The same table builds the legacy wtforms widgets for
``get_connection_form_widgets()`` where wtforms is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


def conn_field(label: str, kind: str = "string", description: str | None = None, **schema: Any) -> dict:
    """One ``conn-fields`` entry; ``format="password"`` makes it a secret the UI masks."""
    entry: dict[str, Any] = {"label": label, "schema": {"type": [kind, "null"], **schema}}
    if description:
        entry["description"] = description
    return entry


class WidgetFactory(Protocol):
    def text(self, label: str, description: str, default: Any, choices: list[str] | None) -> Any: ...

    def password(self, label: str, description: str) -> Any: ...

    def integer(self, label: str, description: str, default: Any, minimum: int | None) -> Any: ...


@dataclass(frozen=True)
class ConnectionForm:
    conn_type: str
    hook_class_name: str
    hook_name: str
    conn_fields: dict[str, dict]
    hidden_fields: list[str]
    relabeling: dict[str, str]
    placeholders: dict[str, str]
    ui_field_behaviour: dict[str, Any] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        behaviour = {"hidden_fields": self.hidden_fields, "relabeling": self.relabeling}
        object.__setattr__(self, "ui_field_behaviour", {**behaviour, "placeholders": self.placeholders})

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.conn_fields.items() if spec["schema"].get("format") == "password")

    def build_widgets(self, factory: WidgetFactory) -> dict[str, Any]:
        """Legacy form widgets, one per entry of the table."""
        widgets = {}
        for name, spec in self.conn_fields.items():
            schema, description = spec["schema"], spec.get("description", "")
            if schema.get("format") == "password":
                widgets[name] = factory.password(spec["label"], description)
            elif "integer" in schema["type"]:
                widgets[name] = factory.integer(
                    spec["label"], description, schema.get("default"), schema.get("minimum")
                )
            else:
                widgets[name] = factory.text(spec["label"], description, schema.get("default"), schema.get("enum"))
        return widgets

    def connection_form_widgets(self) -> dict[str, Any]:
        try:
            factory = WtformsFactory()
        except ImportError:
            # Airflow 3 reads conn-fields from the provider info; the legacy form needs wtforms.
            return {}
        return self.build_widgets(factory)

    def provider_connection_type(self) -> dict[str, Any]:
        """This connection type as a provider-info ``connection-types`` entry (Airflow 3 form metadata)."""
        return {
            "connection-type": self.conn_type,
            "hook-class-name": self.hook_class_name,
            "hook-name": self.hook_name,
            "conn-fields": self.conn_fields,
            "ui-field-behaviour": {
                "hidden-fields": self.hidden_fields,
                "relabeling": self.relabeling,
                "placeholders": self.placeholders,
            },
        }


class WtformsFactory:
    """wtforms fields with flask-appbuilder widgets (imports fail where wtforms is absent)."""

    def __init__(self) -> None:
        from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget, BS3TextFieldWidget
        from flask_babel import lazy_gettext
        from wtforms import IntegerField, PasswordField, StringField
        from wtforms.validators import AnyOf, NumberRange, Optional

        self._text_widget, self._password_widget = BS3TextFieldWidget, BS3PasswordFieldWidget
        self._gettext = lazy_gettext
        self._fields = (StringField, PasswordField, IntegerField)
        self._validators = (AnyOf, NumberRange, Optional)

    def text(self, label: str, description: str, default: Any, choices: list[str] | None) -> Any:
        any_of, _, optional = self._validators
        validators = [optional(), any_of(choices)] if choices else []
        return self._fields[0](
            self._gettext(label),
            widget=self._text_widget(),
            description=description,
            default=default,
            validators=validators,
        )

    def password(self, label: str, description: str) -> Any:
        return self._fields[1](self._gettext(label), widget=self._password_widget(), description=description)

    def integer(self, label: str, description: str, default: Any, minimum: int | None) -> Any:
        _, number_range, optional = self._validators
        return self._fields[2](
            self._gettext(label),
            widget=self._text_widget(),
            description=description,
            default=default,
            validators=[optional(), number_range(min=minimum)],
        )
