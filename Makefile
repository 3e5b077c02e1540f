# Set-up and everyday commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run cluster test bench sample clean

$(VENV)/.base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PY) -m pip install -q -e ".[test]"
	touch $@

run: $(VENV)/.base
	$(PY) -m ntm.serve --server.port $(PORT)

# HAProxy on $(PORT) in front of REPLICAS replicas (default: one per core) sharing a throwaway
# PostgreSQL (or NTM_STORE); Ctrl-C stops them all. See README, "Cluster / load balancer".
cluster: $(VENV)/.base
	$(PY) -m ntm.cluster --port $(PORT) $(if $(REPLICAS),--replicas $(REPLICAS))

test: $(VENV)/.test
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

sample: $(VENV)/.base
	$(PY) -m ntm.sample data

clean:
	rm -rf $(VENV) store

bench: $(VENV)/.test
	$(PY) -m ntm.bench
