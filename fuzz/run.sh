#!/usr/bin/env bash
# Runs every Go fuzz target in the repository for a short time each.
#
#   fuzz/run.sh [SECONDS]        default 5 (or $FUZZTIME, e.g. FUZZTIME=30s)
#   fuzz/run.sh 10 ./analysis    only targets under ./analysis
#
# Targets are found by grepping *_test.go files for "func FuzzX(f *testing.F)".
# A crasher that go finds is written to PKG/testdata/fuzz/FuzzX/ by go itself;
# commit it, so that plain `go test` replays it from then on. Exits non-zero
# if any target fails.
set -uo pipefail

top=$(git rev-parse --show-toplevel 2>/dev/null || (cd "$(dirname "$0")/.." && pwd))
cd "$top" || exit 2

secs=${1:-${FUZZTIME:-5}}
case $secs in
  *[!0-9]*) fuzztime=$secs ;;   # already a duration such as 30s or 1m
  *) fuzztime=${secs}s ;;
esac
root=${2:-.}

mapfile -t files < <(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' "$root" \
  | grep -v -e '/vendor/' -e '/testdata/' | sort)

if [ ${#files[@]} -eq 0 ]; then
  echo "fuzz: no fuzz targets under $root"
  exit 0
fi

failed=()
ran=0
for file in "${files[@]}"; do
  dir=./$(dirname "${file#./}")
  for name in $(grep -oE '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/'); do
    echo "== $dir $name ($fuzztime)"
    ran=$((ran + 1))
    log=$(mktemp)
    if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$dir" 2>&1 | tee "$log"; then
      # Go's fuzzer reports "context deadline exceeded" when the time runs
      # out while a worker is still busy with one slow input; that is not a
      # crasher (go writes none to testdata). Only a failure with a crasher,
      # or any other failure, counts.
      if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written to' "$log"; then
        echo "fuzz: $dir $name stopped on the deadline mid-input; no crasher (not a failure)"
      else
        failed+=("$dir $name")
      fi
    fi
    rm -f "$log"
  done
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of $ran targets failed:"
  printf '  %s\n' "${failed[@]}"
  echo "Crashers are in each package's testdata/fuzz/; 'go test -run NAME/HASH PKG' replays one."
  exit 1
fi
echo "fuzz: all $ran targets ran for $fuzztime each without a failure"
