# Gather. `make run` opens the desktop app; `make test` runs every test.
# The desktop app's main is cmd/gather (its FyneApp.toml beside it); the
# server's is cmd/gather-server.
GO      ?= go
DATA    ?= $(HOME)/.local/share/gather-server
ADDR    ?= 127.0.0.1:8420
# The race detector needs cgo and a 64-bit platform; both hold on the
# machines we build on, but leave a way out for ones that do not.
RACE    ?= $(shell $(GO) env CGO_ENABLED | grep -q 1 && echo -race)
PKGS    := ./...
# The commit goes into --version, Settings and the server's health answer.
COMMIT  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
LDFLAGS := -X github.com/gather-sp/gather/version.commit=$(COMMIT)

.PHONY: deps run build server test bench screenshots lint fuzz package package-macos

deps:
	@scripts/deps.sh

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/gather ./cmd/gather
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o bin/gather-server ./cmd/gather-server

# Opens the app on its local store in the user's data folder; no server needed.
run: build
	./bin/gather

server:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o bin/gather-server ./cmd/gather-server
	./bin/gather-server serve --data $(DATA) --addr $(ADDR)

test: deps
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) test $(RACE) -timeout 45m $(PKGS)
	# The server's end-to-end, scope, erasure and chaos tests again, on
	# PostgreSQL (a throwaway cluster the tests start; README, Development).
	GATHER_TEST_BACKEND=postgres $(GO) test $(RACE) -timeout 45m ./sync/client ./sync/server

# Benchmarks print figures; goals are written beside them in docs/performance.md.
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m $(PKGS)

screenshots: deps
	$(GO) run ./cmd/screenshots -out screenshots
	@echo "screens written to ./screenshots"

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet $(PKGS)

# Short fuzz runs of every decoder that reads disk or network input.
fuzz:
	$(GO) test ./record -run '^$$' -fuzz FuzzDecodeEntity -fuzztime 20s
	$(GO) test ./record -run '^$$' -fuzz FuzzDecodeWrite -fuzztime 20s
	$(GO) test ./record -run '^$$' -fuzz FuzzDecodeGroup -fuzztime 20s
	$(GO) test ./record -run '^$$' -fuzz FuzzVisitValues -fuzztime 20s
	$(GO) test ./storage -run '^$$' -fuzz FuzzParseKey -fuzztime 20s
	$(GO) test ./hlc -run '^$$' -fuzz FuzzParse -fuzztime 20s
	$(GO) test ./keyslot -run '^$$' -fuzz FuzzDecodeKeyFile -fuzztime 20s
	$(GO) test ./keyslot -run '^$$' -fuzz FuzzBackupLock -fuzztime 20s
	$(GO) test ./device -run '^$$' -fuzz FuzzOpenBackup -fuzztime 20s
	$(GO) test ./peopleimport -run '^$$' -fuzz FuzzReadAndCheck -fuzztime 20s
	$(GO) test ./peopleimport -run '^$$' -fuzz FuzzParseDate -fuzztime 20s
	$(GO) test ./sync/server -run '^$$' -fuzz FuzzRequests -fuzztime 20s
	$(GO) test ./sync/server -run '^$$' -fuzz FuzzPushText -fuzztime 20s
	for f in FuzzDecodePushRequest FuzzDecodePush FuzzPushForms FuzzDecodePullRequest FuzzDecodeEnrolRequest FuzzDecodeAdminRequests FuzzParseStamp FuzzDecodePage; do \
		$(GO) test ./sync/protocol -run '^$$' -fuzz "^$$f$$" -fuzztime 20s || exit 1; done

# Installers for Windows and Linux and the server's .deb, into dist/ (docs/packaging.md).
package: deps
	scripts/package.sh

# On a Mac with Xcode's command line tools only: Gather.app, in cmd/gather
# (fyne package runs beside FyneApp.toml).
package-macos:
	cd cmd/gather && $(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --target darwin --release
