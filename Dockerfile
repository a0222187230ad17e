# The project's Airflow image: the official one plus this project's runtime
# dependencies (requirements.txt, mirrored from pyproject.toml) pinned by
# constraints.txt, and its code (DAGs, plugins, SQL). The default target holds
# nothing else; `--target sandboxes` adds the NetSuite and AP stand-ins and
# their dependencies (docker-compose.yaml's two sandbox services).
FROM apache/airflow:3.3.2-python3.11 AS runtime

ENV PROJECT=/opt/netsuite-ap
COPY --chown=airflow:root requirements.txt constraints.txt ${PROJECT}/
RUN pip install --no-cache-dir -r ${PROJECT}/requirements.txt -c ${PROJECT}/constraints.txt

COPY --chown=airflow:root pyproject.toml README.md ${PROJECT}/
COPY --chown=airflow:root dags ${PROJECT}/dags
COPY --chown=airflow:root plugins ${PROJECT}/plugins
COPY --chown=airflow:root include ${PROJECT}/include
RUN pip install --no-cache-dir --no-deps -e ${PROJECT}

ENV AIRFLOW__CORE__DAGS_FOLDER=${PROJECT}/dags \
    AIRFLOW__CORE__PLUGINS_FOLDER=${PROJECT}/plugins \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    PYTHONPATH=${PROJECT}
WORKDIR ${PROJECT}

FROM runtime AS sandboxes
COPY --chown=airflow:root sandbox ${PROJECT}/sandbox
RUN pip install --no-cache-dir -e "${PROJECT}[sandbox]" -c ${PROJECT}/constraints.txt

# Built last so that a plain `docker build .` gives the runtime image.
FROM runtime
