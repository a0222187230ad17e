"""The Airflow edge: operators, the DAGs' shared arguments and step lists, and the tasks that pick partners."""
