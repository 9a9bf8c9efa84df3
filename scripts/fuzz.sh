#!/usr/bin/env bash
# Runs one cargo-fuzz target for a given time:  bash scripts/fuzz.sh TARGET SECONDS
# Targets: front_matter, markdown, analyzer, output_path. Needs `cargo install cargo-fuzz`. The machine has
# only the stable toolchain, so RUSTC_BOOTSTRAP=1 lets it accept libFuzzer's -Z flags.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?target: front_matter | markdown | analyzer | output_path}
SECONDS_TO_RUN=${2:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
mkdir -p "fuzz/corpus/$TARGET"
cargo fuzz run --fuzz-dir fuzz "$TARGET" "fuzz/corpus/$TARGET" -- -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=4096
