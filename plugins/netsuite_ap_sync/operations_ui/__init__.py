"""The operations pages in the Airflow UI: partners, quarantine, manual actions and
account set-up, served by Airflow's api-server behind its login (an Airflow 3
plugin: ``fastapi_apps`` and ``external_views``)."""
