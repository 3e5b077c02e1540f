# Set-up and everyday commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test bench sample clean

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

test: $(VENV)/.test
	$(PY) -m pytest -q

sample: $(VENV)/.base
	$(PY) -m ntm.sample data

clean:
	rm -rf $(VENV) store

bench: $(VENV)/.test
	$(PY) -m ntm.bench
