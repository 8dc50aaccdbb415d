#!/usr/bin/env bash
# Makes Kinroom's production folder: the built API with its production dependencies only, the built dashboard and the
# trusted documents' manifest, in the repository's layout for what it ships, plus `main.js` to start it. Copy the
# folder anywhere and run it with Node >= 22.17 (docs/operations.md, "Build and deploy"):
#   node <folder>/main.js migrate     bring the database's schema up to date, then exit
#   node <folder>/main.js             serve
#
#   scripts/package.sh [--no-build] [<folder>]    default folder: release/kinroom
# --no-build uses the builds already made (`pnpm run build`), as the test of the folder does.
# The folder is for the platform it is made on (the embedded PostgreSQL's binaries are native).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
# `pnpm run package -- ...` passes the `--` on.
if [ "${1:-}" = "--" ]; then shift; fi
if [ "${1:-}" = "--no-build" ]; then
  build=0
  shift
fi
out="${1:-$root/release/kinroom}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "package: $out is not empty: give a new or empty folder" >&2
  exit 1
fi
cd "$root"
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_toolchain

if [ "$build" = 1 ]; then
  pnpm run build >/dev/null
fi
manifest=packages/schema/src/generated/persisted-documents.json
for built in apps/api/dist/main.js apps/dashboard/dist/index.html packages/domain/dist/index.js "$manifest"; do
  if [ ! -f "$built" ]; then
    echo "package: $built is missing: run pnpm run build first" >&2
    exit 1
  fi
done

mkdir -p "$out/apps/dashboard" "$out/packages/schema/src/generated"
# The API's `files` (dist) and its production dependencies, @kinroom/domain copied in rather than linked. Offline: from
# the packages the install put in pnpm's store, never the network (a test or a build machine may have none).
pnpm --filter @kinroom/api --prod deploy --legacy --offline --reporter=silent "$out/apps/api"
cp -R apps/dashboard/dist "$out/apps/dashboard/dist"
cp "$manifest" "$out/$manifest"

# Marks the folder's root, where the API finds its dashboard and data folder (apps/api/src/config/config.ts).
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
cat >"$out/kinroom-release.json" <<EOF
{
  "version": "$(node -p "require('./apps/api/package.json').version")",
  "commit": "$commit",
  "builtAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "node": ">=22.17"
}
EOF
cat >"$out/package.json" <<'EOF'
{
  "name": "kinroom-production",
  "private": true,
  "type": "module",
  "engines": { "node": ">=22.17" }
}
EOF
cat >"$out/main.js" <<'EOF'
// Kinroom: `node main.js` serves, `node main.js migrate` brings the schema up to date (docs/operations.md).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  process.stderr.write(`kinroom: Node >= 22.17 is required; this is Node ${process.versions.node}\n`);
  process.exit(1);
}
await import('./apps/api/dist/main.js');
EOF
echo "package: Kinroom $commit in $out ($(du -sh "$out" | cut -f1))"
