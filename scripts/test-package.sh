#!/usr/bin/env bash
# Checks the PACKED library from a user's side. Packs src/RepTuning (Release, a unique prerelease version, so the
# NuGet cache never serves a stale copy) into a temporary feed; copies tests/PackageConsumer into a temporary
# folder outside this repository (own nuget.config, empty Directory.Build.* / Directory.Packages.props so no
# repository settings reach it) referencing that package and TorchSharp-cpu with no RuntimeIdentifier; builds
# and runs it on stories15M; publishes it and runs the published copy. Along the way it checks that the NuGet
# cache's libLibTorchSharp.so is left as its package has it, and that every copy in the build and publish
# outputs had its GLIBCXX_3.4.32 need marked weak where the system libstdc++ lacks that version (Debian 12).
#
# Usage: bash scripts/test-package.sh [path/to/model.bin]
#   default model: models/stories15M/model.bin (fetched with scripts/fetch-stories15m.sh when missing)
# Environment:
#   TEST_PACKAGE_STEP_TIMEOUT  seconds allowed to each pack/restore/build/publish step (default 1200; the
#                              first restore downloads libtorch for three platforms, over 1 GB)
#   TEST_PACKAGE_RUN_TIMEOUT   seconds allowed to each run of the consumer (default 300)
#   TEST_PACKAGE_KEEP=1        keep the temporary folder (its path is printed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
step_timeout="${TEST_PACKAGE_STEP_TIMEOUT:-1200}"
run_timeout="${TEST_PACKAGE_RUN_TIMEOUT:-300}"
started=$SECONDS

say() { echo "test-package: $*"; }
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }
elapsed() { echo "$((SECONDS - started))s"; }

# Runs a bounded step with its output in $work/logs/NAME.log; on failure shows the log's tail and stops.
step() {
  local name="$1" limit="$2"; shift 2
  local log="$work/logs/$name.log" t0=$SECONDS rc=0
  say "$name ..."
  timeout --kill-after=30 "$limit" "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 60 "$log" >&2
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      fail "$name did not finish within ${limit}s (log: $log)"
    fi
    fail "$name exited with $rc (log: $log)"
  fi
  say "$name done in $((SECONDS - t0))s"
}

# readelf (binutils) and unzip inspect the results; a fresh Debian has neither, so install them when we can.
missing=()
command -v readelf >/dev/null || missing+=(binutils)
command -v unzip >/dev/null || missing+=(unzip)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "installing ${missing[*]}"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in dotnet readelf sha256sum cmp timeout unzip; do
  command -v "$tool" >/dev/null || fail "$tool is required (readelf comes with binutils, unzip with unzip)"
done

# --- the model ---------------------------------------------------------------------------------------------
if [ "$#" -ge 1 ]; then
  model="$1"
else
  model="$root/models/stories15M/model.bin"
  if [ ! -f "$model" ] || [ ! -f "$root/models/stories15M/tokenizer.bin" ]; then
    say "fetching stories15M into models/stories15M"
    timeout 600 bash "$root/scripts/fetch-stories15m.sh" "$root/models/stories15M" \
      || fail "could not fetch stories15M (scripts/fetch-stories15m.sh)"
  fi
fi
[ -f "$model" ] || fail "no model at $model"
[ -f "$(dirname "$model")/tokenizer.bin" ] || fail "no tokenizer.bin beside $model"
model="$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"

# --- what the machine's libstdc++ provides -----------------------------------------------------------------
need=GLIBCXX_3.4.32
libstdcxx=""
for candidate in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libstdc++.so.6 \
                 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
  if [ -f "$candidate" ]; then libstdcxx="$candidate"; break; fi
done
[ -n "$libstdcxx" ] || fail "no libstdc++.so.6 found in the usual places"
# A library names in its version definitions exactly the versions it provides.
if readelf -V --wide "$libstdcxx" | grep -Eq "Name: ${need//./\\.}\$"; then
  expect_weak=false
  say "$libstdcxx provides $need: the output copies must stay as the package has them"
else
  expect_weak=true
  say "$libstdcxx lacks $need: the output copies must have that need marked weak"
fi

# --- temporary folder, and clean-up ------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/reptuning-package.XXXXXX")"
version="0.0.0-ci.$(date +%s).$$"
packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
packages="${packages%/}"
[ -n "$packages" ] || fail "could not find the NuGet global packages folder (dotnet nuget locals global-packages --list)"
cleanup() {
  # This run's RepTuning version is of no use to anyone else: keep the cache from collecting them.
  rm -rf "${packages:?}/reptuning/$version"
  rmdir "$packages/reptuning" 2>/dev/null || true
  if [ "${TEST_PACKAGE_KEEP:-}" = 1 ]; then
    say "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
mkdir -p "$work/logs" "$work/feed" "$work/consumer"
say "working in $work; packing RepTuning $version"

# --- pack ----------------------------------------------------------------------------------------------------
# --artifacts-path keeps the pack's bin/obj out of src/ (an in-repo build may be running there).
step pack "$step_timeout" dotnet pack "$root/src/RepTuning" -c Release -nologo --disable-build-servers \
  -o "$work/feed" --artifacts-path "$work/pack" "-p:PackageVersion=$version"
nupkg="$work/feed/RepTuning.$version.nupkg"
[ -f "$nupkg" ] || fail "the pack made no $(basename "$nupkg") (feed holds: $(ls "$work/feed"))"
for entry in buildTransitive/RepTuning.targets buildTransitive/WeakenGlibcxxNeed.cs lib/net10.0/RepTuning.dll \
             lib/net10.0/RepTuning.xml README.md icon.png; do
  unzip -l "$nupkg" "$entry" >/dev/null 2>&1 || fail "the package lacks $entry"
done
[ -f "${nupkg%.nupkg}.snupkg" ] || fail "the pack made no symbols package"
# What a NuGet user gets: managed dependencies only (the application picks TorchSharp's native backend), and
# nothing native of RepTuning's own.
if unzip -l "$nupkg" | grep -Eq ' runtimes/|\.so$'; then fail "the package carries native files: $(unzip -l "$nupkg" | grep -E ' runtimes/|\.so$' | head -3)"; fi
nuspec="$(unzip -p "$nupkg" RepTuning.nuspec)"
dependencies="$(echo "$nuspec" | sed -n 's/.*<dependency id="\([^"]*\)".*/\1/p' | sort | tr '\n' ' ')"
expected="MathNet.Numerics Microsoft.Extensions.Logging.Abstractions Microsoft.ML.Tokenizers ScottPlot SkiaSharp.NativeAssets.Linux.NoDependencies TorchSharp "
[ "$dependencies" = "$expected" ] || fail "the package's dependencies are [$dependencies], expected [$expected] (no native TorchSharp backend: the application picks it)"
for field in '<readme>README.md</readme>' '<icon>icon.png</icon>' '<releaseNotes>' '<repository '; do
  echo "$nuspec" | grep -qF "$field" || fail "the nuspec lacks $field"
done
say "package: dependencies $dependencies"

# --- the consumer, outside every Directory.Build.* of this repository ---------------------------------------
consumer="$work/consumer"
torchsharp_cpu="${TORCHSHARP_CPU_VERSION:-$(sed -n 's/.*Include="TorchSharp-cpu" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")}"
[ -n "$torchsharp_cpu" ] || fail "no TorchSharp-cpu version in Directory.Packages.props"
cp "$root/tests/PackageConsumer/Program.cs" "$consumer/"
sed -e "s/@REPTUNING_VERSION@/$version/" -e "s/@TORCHSHARP_CPU_VERSION@/$torchsharp_cpu/" \
  "$root/tests/PackageConsumer/Consumer.csproj.template" >"$consumer/Consumer.csproj"
for stopper in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project><!-- stops MSBuild looking further up --></Project>' >"$consumer/$stopper"
done
# The feeds this machine's NuGet uses anyway (asked before this folder has a nuget.config of its own), plus the
# local feed; source mapping takes RepTuning from the local feed only and everything else from the others.
mapfile -t upstream < <(cd "$consumer" && dotnet nuget list source --format short | sed -n 's/^E[A-Za-z]* *//p')
[ "${#upstream[@]}" -gt 0 ] || fail "this machine's NuGet has no enabled package source (dotnet nuget list source)"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"reptuning-local\" value=\"$work/feed\" />"
  for i in "${!upstream[@]}"; do echo "    <add key=\"upstream$i\" value=\"${upstream[$i]}\" />"; done
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="reptuning-local"><package pattern="RepTuning" /></packageSource>'
  for i in "${!upstream[@]}"; do echo "    <packageSource key=\"upstream$i\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$consumer/nuget.config"
say "consumer: RepTuning $version + TorchSharp-cpu $torchsharp_cpu, no RuntimeIdentifier; sources: local feed, ${upstream[*]}"

step restore "$step_timeout" dotnet restore "$consumer/Consumer.csproj" -nologo --disable-build-servers
[ -f "$packages/reptuning/$version/buildTransitive/RepTuning.targets" ] \
  || fail "the restore did not take RepTuning $version from the local feed into $packages/reptuning/$version"

# --- the NuGet cache's copy, before the build --------------------------------------------------------------
torchsharp="$(grep -o '"TorchSharp/[0-9][^"]*"' "$consumer/obj/project.assets.json" | head -n 1 | tr -d '"' | cut -d/ -f2)"
[ -n "$torchsharp" ] || fail "the restore resolved no TorchSharp package (see $consumer/obj/project.assets.json)"
torchsharp_dir="$packages/torchsharp/$(echo "$torchsharp" | tr '[:upper:]' '[:lower:]')"
cached="$torchsharp_dir/runtimes/linux-x64/native/libLibTorchSharp.so"
[ -f "$cached" ] || fail "TorchSharp $torchsharp in the NuGet cache has no $cached"
cached_sha="$(sha256sum "$cached" | cut -d' ' -f1)"
packaged_sha="$(unzip -p "$torchsharp_dir/torchsharp.$(echo "$torchsharp" | tr '[:upper:]' '[:lower:]').nupkg" \
  runtimes/linux-x64/native/libLibTorchSharp.so | sha256sum | cut -d' ' -f1)"
[ "$cached_sha" = "$packaged_sha" ] || fail "the NuGet cache's $cached already differs from the copy in its .nupkg \
(something wrote through it before this run; delete $torchsharp_dir and restore again)"
say "NuGet cache: $cached sha256 $cached_sha (as its package has it)"

# Checks every libLibTorchSharp.so under $1 (named $2 in messages): at least one, each weakened (or, where
# libstdc++ has the version, each identical to the cache's), none the cache's own file.
check_copies() {
  local dir="$1" what="$2" count=0 so rel line changed leftover
  while IFS= read -r -d '' so; do
    count=$((count + 1))
    rel="${so#"$dir"/}"
    [ "$(stat -c %i "$so")" != "$(stat -c %i "$cached")" ] \
      || fail "$what/$rel is a hard link to the NuGet cache's file, not a copy"
    line="$(readelf -V --wide "$so" | grep -E "Name: ${need//./\\.} " | sed "s/^ *//" || true)"
    [ -n "$line" ] || fail "$what/$rel declares no $need need at all (is this TorchSharp 0.107's library?)"
    if $expect_weak; then
      echo "$line" | grep -q 'Flags: WEAK' \
        || fail "$what/$rel still needs $need strictly (readelf: $line); the package's RepTuning.targets did not weaken it"
      # Weakening sets one bit of one flags field: nothing else may differ from the cache's copy.
      changed="$(cmp -l "$cached" "$so" | wc -l || true)"
      [ "$changed" -eq 1 ] || fail "$what/$rel differs from the NuGet cache's copy in $changed bytes, not just the one flag"
    else
      [ "$(sha256sum "$so" | cut -d' ' -f1)" = "$cached_sha" ] \
        || fail "$what/$rel differs from the NuGet cache's copy although libstdc++ provides $need"
    fi
    say "$what/$rel: $line"
  done < <(find "$dir" -name libLibTorchSharp.so -print0)
  [ "$count" -gt 0 ] || fail "no libLibTorchSharp.so anywhere under $what ($dir)"
  leftover="$(find "$dir" -name '*.weakening' | head -n 1)"
  [ -z "$leftover" ] || fail "the weakening left a temporary file behind: $leftover"
}

# Runs the consumer's Consumer.dll in $1 (named $2) and checks it printed OK.
run_consumer() {
  local dir="$1" what="$2" log="$work/logs/run-$2.log" rc=0 t0=$SECONDS loaded
  say "running the $what consumer ..."
  timeout --kill-after=30 "$run_timeout" dotnet "$dir/Consumer.dll" "$model" >"$log" 2>&1 || rc=$?
  sed 's/^/  | /' "$log"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then fail "the $what consumer did not finish within ${run_timeout}s"; fi
  [ "$rc" -eq 0 ] || fail "the $what consumer exited with $rc"
  [ "$(tail -n 1 "$log")" = OK ] || fail "the $what consumer exited 0 without printing OK last"
  # The loader must have taken the (weakened) copy in the app's own folder, not one from elsewhere.
  loaded="$(sed -n 's/^consumer: loaded \(.*\/libLibTorchSharp\.so\)$/\1/p' "$log")"
  [ -n "$loaded" ] || fail "the $what consumer did not report which libLibTorchSharp.so it loaded"
  case "$(realpath "$loaded")" in
    "$(realpath "$dir")"/*) ;;
    *) fail "the $what consumer loaded $loaded, not a copy under $dir" ;;
  esac
  say "the $what consumer passed in $((SECONDS - t0))s"
}

# --- build, run --------------------------------------------------------------------------------------------
step build "$step_timeout" dotnet build "$consumer/Consumer.csproj" -c Release -nologo --no-restore --disable-build-servers
out="$consumer/bin/Release/net10.0"
[ -f "$out/Consumer.dll" ] || fail "the build left no $out/Consumer.dll"
check_copies "$out" build
run_consumer "$out" build

# --- publish, run ------------------------------------------------------------------------------------------
step publish "$step_timeout" dotnet publish "$consumer/Consumer.csproj" -c Release -nologo --no-restore \
  --disable-build-servers -o "$work/publish"
[ -f "$work/publish/Consumer.dll" ] || fail "the publish left no $work/publish/Consumer.dll"
check_copies "$work/publish" publish
run_consumer "$work/publish" published

# --- the NuGet cache's copy, after -------------------------------------------------------------------------
after_sha="$(sha256sum "$cached" | cut -d' ' -f1)"
[ "$after_sha" = "$cached_sha" ] || fail "the build or publish modified the NuGet cache's $cached \
(sha256 $cached_sha before, $after_sha after)"
say "NuGet cache's libLibTorchSharp.so unchanged"

say "OK: the packed RepTuning $version builds, publishes and runs for a consumer ($(elapsed))"
