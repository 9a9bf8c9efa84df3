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
# The browser engine is embedded from crates/search-web/dist/, not rebuilt: it must be exactly
# what its sources build, from this clone's folder as from any other (paths are remapped).
cargo xtask engine --check

# Officers build on Windows and macOS: the generator must compile for both. The C parts of two
# dependencies (ring, blake3) need a cross compiler: MinGW for Windows, clang for macOS. Checked
# from Linux (CI's machine); NHIPCAU_SKIP_CROSS=1 skips it.
if [ "$(uname -s)" = Linux ] && [ "${NHIPCAU_SKIP_CROSS:-}" != 1 ]; then
  if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1 || ! command -v llvm-ar >/dev/null 2>&1; then
    echo "test: installing MinGW and clang (Debian packages) for the Windows and macOS checks"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc-mingw-w64-x86-64 clang llvm >/dev/null
  fi
  rustup target add x86_64-pc-windows-gnu x86_64-apple-darwin >/dev/null
  cargo check --locked -p nhipcau --target x86_64-pc-windows-gnu
  CC_x86_64_apple_darwin=clang AR_x86_64_apple_darwin=llvm-ar cargo check --locked -p nhipcau --target x86_64-apple-darwin
fi

if [ -f tests/browser/package.json ]; then
  cargo build --release --locked
  (cd tests/browser && npm test)
fi
