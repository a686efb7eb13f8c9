# Supplyhub — two commands: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
PORT ?= 8080
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: deps build run test bench clean

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

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench:
	@bash scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory build
	bash bench/run.sh

clean:
	rm -rf $(BUILD_DIR)
