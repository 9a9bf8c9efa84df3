#!/usr/bin/env bash
# The project's whole test suite, from a fresh machine: installs what the browser tests need
# (Debian's Chromium, the pinned npm packages), then runs the Rust tests and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing Chromium (Debian package) for the browser tests"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ -f tests/browser/package.json ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo test --workspace --locked
# The browser engine's own workspace: its regex stand-in (the engine itself is tested through the
# generator's tests and in Chromium).
cargo test --manifest-path crates/search-web/regex-off/Cargo.toml --locked --target-dir target/search-web

if [ -f tests/browser/package.json ]; then
  cargo build --release --locked
  (cd tests/browser && npm test)
fi
