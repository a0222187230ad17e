# The project's Airflow image: the official one plus this project's pinned
# dependencies and code (DAGs, plugins, SQL, sandboxes).
FROM apache/airflow:3.3.2-python3.11

ENV PROJECT=/opt/netsuite-ap
COPY --chown=airflow:root requirements.txt constraints.txt ${PROJECT}/
RUN pip install --no-cache-dir -r ${PROJECT}/requirements.txt -c ${PROJECT}/constraints.txt

COPY --chown=airflow:root pyproject.toml README.md ${PROJECT}/
COPY --chown=airflow:root dags ${PROJECT}/dags
COPY --chown=airflow:root plugins ${PROJECT}/plugins
COPY --chown=airflow:root include ${PROJECT}/include
COPY --chown=airflow:root sandbox ${PROJECT}/sandbox
RUN pip install --no-cache-dir --no-deps -e ${PROJECT}

ENV AIRFLOW__CORE__DAGS_FOLDER=${PROJECT}/dags \
    AIRFLOW__CORE__PLUGINS_FOLDER=${PROJECT}/plugins \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    PYTHONPATH=${PROJECT}
WORKDIR ${PROJECT}
