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
# The tarball holds dist/, the policy pack and plugin folders, the intents file's JSON Schema, README, CHANGELOG, LICENSE and package.json, and nothing else.
contents="$(tar -tzf "$work/$tarball")"
unexpected="$(echo "$contents" | grep -vE '^package/(dist/.*\.(js|d\.ts)|policypack/(index\.ts|PulumiPolicy\.yaml|package\.json|tsconfig\.json)|plugin/(index\.ts|components\.ts|convert\.ts|wiring\.ts|PulumiPlugin\.yaml|package\.json|tsconfig\.json|schema\.json)|schema/intents\.schema\.json|README\.md|CHANGELOG\.md|LICENSE|package\.json)$' || true)"
if [ -n "$unexpected" ]; then
  echo "unexpected files in the tarball:"; echo "$unexpected"; exit 1
fi
# Every entry of "exports" (the root and each subpath: its .js and .d.ts), and the rest that ships.
entries="$(node -e 'const e = require(process.argv[1]).exports; for (const v of Object.values(e)) if (typeof v === "object") console.log(`package/${v.default.slice(2)}\npackage/${v.types.slice(2)}`)' "$root/package.json")"
for f in $entries package/dist/cli/main.js package/policypack/index.ts package/policypack/PulumiPolicy.yaml package/plugin/PulumiPlugin.yaml package/plugin/package.json package/plugin/tsconfig.json package/plugin/index.ts package/plugin/components.ts package/plugin/convert.ts package/plugin/wiring.ts package/plugin/schema.json package/schema/intents.schema.json package/README.md package/CHANGELOG.md package/LICENSE; do
  echo "$contents" | grep -qx "$f" || { echo "missing from the tarball: $f"; exit 1; }
done

policy_version="$(node -p "require('$root/package.json').devDependencies['@pulumi/policy']")"
mkdir -p "$work/consumer"
cd "$work/consumer"
cat > package.json <<JSON
{ "name": "consumer", "version": "1.0.0", "private": true, "license": "UNLICENSED",
  "dependencies": { "alicloud-secgroups": "file:../$tarball", "@pulumi/policy": "$policy_version" } }
JSON
npm install --no-audit --no-fund --prefer-offline >/dev/null 2>&1 || npm install --no-audit --no-fund
cp "$root/test/package/consumer.ts" index.ts
# The pack folder as a team copies it from the installed package: its index.ts imports
# alicloud-secgroups/policy by name.
cp -r node_modules/alicloud-secgroups/policypack pack
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "target": "ES2020", "module": "commonjs", "esModuleInterop": true,
  "skipLibCheck": true, "outDir": "out", "rootDir": ".", "types": [] }, "files": ["index.ts", "pack/index.ts"] }
JSON
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json
# The same, resolved through package.json "exports" as Node 16+ module resolution reads it.
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json --module node16 --moduleResolution node16 --noEmit
node out/index.js
# The matchers' typings with import { expect } from "@jest/globals", on jest 29 (this
# repository's) and on jest 30's expect package.
(cd "$work" && npm pack "expect@30" --silent >/dev/null 2>&1 && mkdir -p expect30 && tar -xzf expect-30.*.tgz -C expect30)
cat > "$work/tsconfig.jest30.json" <<JSON
{ "extends": "$root/tsconfig.json",
  "compilerOptions": { "baseUrl": "$root", "typeRoots": ["$root/node_modules/@types"], "types": ["node"],
    "paths": { "expect": ["$work/expect30/package/build/index.d.ts"], "alicloud-secgroups/policy": ["lib/policy/index.ts"] } },
  "include": [], "files": ["$root/test/testing/jest-globals.test.ts"] }
JSON
node "$root/node_modules/typescript/bin/tsc" -p "$work/tsconfig.jest30.json" --noEmit
echo "matcher typings: jest 30 ok"
# The plugin folder (what `pulumi package add` runs): its sources type-check against the
# installed package as the host's ts-node does, its schema is the shipped one, construct() works.
node "$root/node_modules/typescript/bin/tsc" -p node_modules/alicloud-secgroups/plugin/tsconfig.json --noEmit
cp "$root/test/package/plugin-check.js" plugin-check.js
node plugin-check.js
# The plugin folder as `pulumi package add` of the repository gets it: a copy of plugin/ whose
# own `npm install` brings the library (here the tarball, in place of the npm release it names).
mkdir -p "$work/repo-plugin"
(cd "$root/plugin" && cp index.ts components.ts convert.ts wiring.ts package.json tsconfig.json PulumiPlugin.yaml schema.json "$work/repo-plugin/")
node -e 'const f=process.argv[1], p=require(f); p.dependencies["alicloud-secgroups"]="file:"+process.argv[2]; require("fs").writeFileSync(f, JSON.stringify(p))' "$work/repo-plugin/package.json" "$work/$tarball"
(cd "$work/repo-plugin" && { npm install --no-audit --no-fund --prefer-offline >/dev/null 2>&1 || npm install --no-audit --no-fund; })
(cd "$work/repo-plugin" && node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit)
node plugin-check.js "$work/repo-plugin"
# The published command runs too.
node node_modules/.bin/alicloud-secgroups --help >/dev/null

# Installed the way the README says, into a project that checks every library's types
# (skipLibCheck false) and has no @pulumi/policy: a file importing the root and every subpath
# compiles, both through "typesVersions" (node resolution) and through "exports" (node16). The
# subpaths that need an optional peer are left out: /policy (@pulumi/policy) and /jest (expect,
# which jest brings; its typings are checked above).
install_line="$(grep -m 1 -E '^npm install alicloud-secgroups( |$)' "$root/README.md" || true)"
[ -n "$install_line" ] || { echo "README.md has no 'npm install alicloud-secgroups ...' line"; exit 1; }
mkdir -p "$work/strict"
cd "$work/strict"
echo '{ "name": "strict", "version": "1.0.0", "private": true, "license": "UNLICENSED" }' > package.json
# The README's packages, with the packed tarball in place of the registry's alicloud-secgroups.
read -r -a readme_packages <<< "${install_line#npm install alicloud-secgroups}"
npm install --no-audit --no-fund --prefer-offline "$work/$tarball" "${readme_packages[@]}" >/dev/null 2>&1 || npm install --no-audit --no-fund "$work/$tarball" "${readme_packages[@]}"
if [ -e node_modules/@pulumi/policy ]; then echo "the README's install brought @pulumi/policy"; exit 1; fi
node -e '
const pkg = require("./node_modules/alicloud-secgroups/package.json");
const subs = Object.keys(pkg.exports).filter((k) => k !== "./package.json" && k !== "./policy" && k !== "./jest").map((k) => "alicloud-secgroups" + k.slice(1));
const lines = subs.map((s, i) => `import * as entry${i} from ${JSON.stringify(s)};`);
lines.push(`export const entries = [${subs.map((_, i) => `entry${i}`).join(", ")}];`);
require("fs").writeFileSync("index.ts", lines.join("\n") + "\n");
console.log(`strict consumer: ${subs.join(", ")}`);'
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "target": "ES2020", "module": "commonjs", "moduleResolution": "node", "esModuleInterop": true,
  "skipLibCheck": false, "noEmit": true }, "files": ["index.ts"] }
JSON
node node_modules/typescript/bin/tsc -p tsconfig.json
node node_modules/typescript/bin/tsc -p tsconfig.json --module node16 --moduleResolution node16
echo "strict consumer: the root and every subpath but /policy and /jest type-check with skipLibCheck false, without @pulumi/policy"
echo "package test passed"
