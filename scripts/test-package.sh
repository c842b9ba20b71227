#!/usr/bin/env bash
# Packs the library as users get it, installs the tarball into a fresh project, type-checks a
# small program that imports it by name, and runs that program on Pulumi's mocks.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
[ -f dist/index.js ] || npm run build >/dev/null

tarball="$(npm pack --silent --pack-destination "$work" 2>/dev/null | tail -n 1)"
echo "packed $tarball"
# The tarball holds dist/, README, LICENSE and package.json, and nothing else.
contents="$(tar -tzf "$work/$tarball")"
unexpected="$(echo "$contents" | grep -vE '^package/(dist/.*\.(js|d\.ts)|README\.md|LICENSE|package\.json)$' || true)"
if [ -n "$unexpected" ]; then
  echo "unexpected files in the tarball:"; echo "$unexpected"; exit 1
fi
for f in package/dist/index.js package/dist/index.d.ts package/dist/cli/main.js package/README.md package/LICENSE; do
  echo "$contents" | grep -qx "$f" || { echo "missing from the tarball: $f"; exit 1; }
done

mkdir -p "$work/consumer"
cd "$work/consumer"
cat > package.json <<JSON
{ "name": "consumer", "version": "1.0.0", "private": true, "license": "UNLICENSED",
  "dependencies": { "alicloud-secgroups": "file:../$tarball" } }
JSON
npm install --no-audit --no-fund --prefer-offline >/dev/null 2>&1 || npm install --no-audit --no-fund
cp "$root/test/package/consumer.ts" index.ts
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "target": "ES2020", "module": "commonjs", "esModuleInterop": true,
  "skipLibCheck": true, "outDir": "out", "types": [] }, "files": ["index.ts"] }
JSON
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json
node out/index.js
# The published command runs too.
node node_modules/.bin/alicloud-secgroups --help >/dev/null
echo "package test passed"
