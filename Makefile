# simserve — the two commands a new user needs:
#   make demo   set up, build (release) and simulate the bundled chat scenario
#   make test   set up and run the test suite
SWIFT ?= swift
RELEASE_BIN := .build/release/simserve

.PHONY: setup build release demo test bench validation clean

setup:
	@./scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product simserve

demo: release
	$(RELEASE_BIN) run Scenarios/chat.toml

test: setup
	$(SWIFT) test --disable-swift-testing

bench: release
	$(RELEASE_BIN) bench

validation: release
	./scripts/validation-report.sh

clean:
	rm -rf .build results
