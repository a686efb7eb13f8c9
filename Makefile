# Supplyhub — two commands: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
PORT ?= 8080
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: deps build run test bench clean fuzz-build fuzz fuzz-smoke test-sanitize sanitize-build

# Fuzzing (fuzz/, clang + libFuzzer) and the sanitizer build live in their own
# build directories, so neither touches $(BUILD_DIR).
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
SANITIZE_DIR ?= build-sanitize

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@echo "Supplyhub on http://127.0.0.1:$(PORT)  (demo login: User1 / Password123)"
	@echo "  curl http://127.0.0.1:$(PORT)/v1/status"
	@echo "  TOKEN=\$$(curl -s -X POST http://127.0.0.1:$(PORT)/v1/auth/login -H 'Content-Type: application/json' \\"
	@echo "          -d '{\"username\":\"User1\",\"password\":\"Password123\"}' | grep -o '\"token\":\"[^\"]*' | cut -d'\"' -f4)"
	@echo "  curl http://127.0.0.1:$(PORT)/v1/parts -H \"Authorization: Bearer \$$TOKEN\""
	@echo "  curl -X POST http://127.0.0.1:$(PORT)/v1/suppliers -H \"Authorization: Bearer \$$TOKEN\" \\"
	@echo "       -H 'Content-Type: application/json' -d '{\"name\":\"ABC Manufacturing Inc.\"}'"
	$(BUILD_DIR)/bin/supplyhub serve --bind 127.0.0.1 --port $(PORT) --data-dir ./data --demo

# Unit, integration and e2e tests, then a short run of every fuzz target: a
# crash on the committed seeds or in a few seconds of mutations fails the run.
# Prints one line of each stage's wall time at the end (scripts/stages.sh).
# CTest entries are suites or shards of them (docs/testing.md); the longest
# start first (COST). CTEST_ARGS narrows a run, e.g. CTEST_ARGS='-L postgres'.
CTEST_ARGS ?=
test: deps
	@bash scripts/stages.sh "make test" \
	  "build=$(MAKE) --no-print-directory build" \
	  "fuzz build=$(MAKE) --no-print-directory fuzz-build" \
	  "tests=cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)" \
	  "fuzz smoke=bash fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS)"

$(FUZZ_DIR)/CMakeCache.txt:
	cmake -S fuzz -B $(FUZZ_DIR) -DCMAKE_CXX_COMPILER=clang++

# Only the parsers under test and the five fuzz targets, not the server.
fuzz-build: deps $(FUZZ_DIR)/CMakeCache.txt
	cmake --build $(FUZZ_DIR) -j $(JOBS)

# FUZZ_SECONDS per target; new inputs stay in $(FUZZ_DIR)/corpus for next time.
fuzz: fuzz-build
	bash fuzz/run.sh fuzz $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	bash fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS)

$(SANITIZE_DIR)/CMakeCache.txt:
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=Debug -DSUPPLYHUB_SANITIZE=ON

# The server and its tests under ASan + UBSan: unit and integration tests on
# SQLite and on PostgreSQL (pg.*); the e2e npm client test only runs in `make test`.
# Left out: the test that runs the server out of file descriptors on purpose.
# UBSan's vptr check probes memory through a pipe(); with no descriptor left
# the probe fails and every virtual call looks like a bad object (seen as
# "invalid vptr ... memory cannot be printed" on a stack PgRow).
# Also left out: the generated suite's PostgreSQL pass (pg.DeclaredResources*,
# ~670 tests): its SQLite pass runs under the sanitizers and the same write path
# code; both passes run in `make test`. (Keeps CI well inside its time limit.)
SANITIZE_EXCLUDE ?= ServerLimitsTest\.OutOfDescriptors|^pg\.DeclaredResources
test-sanitize: deps
	@bash scripts/stages.sh "make test-sanitize" \
	  "build=$(MAKE) --no-print-directory sanitize-build" \
	  "tests=cd $(SANITIZE_DIR) && UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -LE e2e -E '$(SANITIZE_EXCLUDE)' $(CTEST_ARGS)"

sanitize-build: $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

bench:
	@bash scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory build
	bash bench/run.sh
	bash bench/webhooks.sh

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR) $(SANITIZE_DIR)
