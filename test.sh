#!/usr/bin/env bash
# Runs the whole lakemon test suite on this machine: installs what the tests need (as root), builds once, runs every
# test assembly, stops every lake the tests left behind, and ends with one line "N passed, N failed, N skipped".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
# shellcheck source=lake/prerequisites.sh
. lake/prerequisites.sh
lakemon_test_prerequisites || exit 2

# Everything the tests create (lakes, files) lives under one run directory; o+x so that user xrootd reaches it.
run_dir=$(mktemp -d /tmp/lakemon-test.XXXXXX)
chmod 755 "$run_dir"
export LAKEMON_TEST_RUN_DIR="$run_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cleanup() {
  # Safety net: tests stop their own lakes; anything left (a crashed test host) is stopped by the PIDs it recorded.
  local state
  for state in $(find "$run_dir" -name lake.json 2>/dev/null); do
    dotnet artifacts/test-cli/lakemon.dll lake down --dir "$(dirname "$state")" >/dev/null 2>&1 || true
  done
  rm -rf "$run_dir"
}
trap cleanup EXIT

if ! dotnet build Monitoring.sln -c Release --nologo -v q -warnaserror; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
dotnet build cli/Lakemon.Cli/Lakemon.Cli.csproj -c Release --nologo -v q -o artifacts/test-cli >/dev/null
# The ahead-of-time compiled `lakemon fs` that ./lakemon runs; its tests publish it themselves if this fails.
if dotnet publish cli/Lakemon.Fs.Native/Lakemon.Fs.Native.csproj -c Release -r linux-x64 --nologo -v q \
    -o artifacts/test-fs-native >/dev/null; then
  export LAKEMON_FS_NATIVE="$here/artifacts/test-fs-native/lakemon"
fi

passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  trx="$run_dir/results/$name.trx"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$trx" --logger "console;verbosity=normal" || status=1
  if [ ! -f "$trx" ]; then
    echo "$name: no test results (the test host crashed?)"
    failed=$((failed + 1))
    status=1
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total) executed=$(get executed) p=$(get passed) f=$(get failed)
  passed=$((passed + p))
  failed=$((failed + f + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + total - executed))
done

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
