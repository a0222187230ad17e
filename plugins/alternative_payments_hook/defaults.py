"""AP's production address, the connection type and its default rate limit.

Free of Airflow imports: Airflow reads the connection form (``form``) while it is
still starting up, so nothing the form imports may import Airflow.
"""

PRODUCTION_URL = "https://public-api.alternativepayments.io"
CONN_TYPE = "alternative_payments"
DEFAULT_RATE_LIMIT = 5.0
