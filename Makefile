# simserve — the two commands a new user needs:
#   make demo   set up, build (release) and simulate the bundled chat scenario
#   make test   set up (Python packages for the notebooks included), build, execute the
#               notebooks, then run the test suite (swift test, always the last output)
SWIFT ?= swift
RELEASE_BIN := .build/release/simserve
DEBUG_BIN := .build/debug/simserve
PYTHON := .venv/bin/python
# The notebooks use $SIMSERVE when it is set, else the debug binary built here.
RUN_NOTEBOOKS = SIMSERVE="$${SIMSERVE:-$(DEBUG_BIN)}" $(PYTHON) scripts/run-notebooks.py

.PHONY: setup setup-notebooks build release demo test test-slurm notebooks figures bench validation validation-tests clean

setup:
	@./scripts/setup.sh

setup-notebooks:
	@./scripts/setup.sh --notebooks

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product simserve

demo: release
	$(RELEASE_BIN) run Scenarios/chat.toml

# Execute every notebook top to bottom (figures to results/notebooks/figures).
notebooks: build setup-notebooks
	$(RUN_NOTEBOOKS)

# The same, refreshing the committed figures in Notebooks/figures.
figures: build setup-notebooks
	$(RUN_NOTEBOOKS) --figures Notebooks/figures

# Builds the tests with the binary (one build), runs the Slurm recipe of docs/sweeps.md on a
# one-node cluster (skipped, with the reason, unless root can start the daemons) and the
# notebooks, then swift test last: the fast suite, without the slow ValidationTests target
# (`make validation-tests`; each of its checks has a smaller-scale sibling in the fast suite).
test: setup-notebooks
	./scripts/check-layers.sh
	$(SWIFT) build --build-tests
	./scripts/test-slurm.sh $(DEBUG_BIN)
	$(RUN_NOTEBOOKS)
	$(SWIFT) test --disable-swift-testing --skip '^ValidationTests\.'

# The Slurm job array of docs/sweeps.md on a one-node cluster against the unsharded sweep.
test-slurm: build
	./scripts/test-slurm.sh $(DEBUG_BIN)

bench: release
	$(RELEASE_BIN) bench

# The slow checks at full scale (queueing theory to 0.4 %, the serving calibration's recovery
# at three replications, the fuzzer's 2,000-case slice): minutes in a debug build.
validation-tests: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-swift-testing --filter '^ValidationTests\.'

validation: release validation-tests
	./scripts/validation-report.sh

clean:
	rm -rf .build results
