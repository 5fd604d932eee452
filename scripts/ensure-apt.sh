#!/usr/bin/env bash
# Installs Debian packages that are missing, for the suites and benchmarks that drive real servers.
# Usage: scripts/ensure-apt.sh package:/path/of/its/binary ...   (e.g. apache2:/usr/sbin/apache2)
# Installs only when a binary is absent; needs root (or sudo) then, and says so otherwise.
set -euo pipefail
missing=()
for spec in "$@"; do
  pkg=${spec%%:*}
  bin=${spec#*:}
  [[ -x "$bin" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing ${missing[*]} with apt-get" >&2
if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo > /dev/null; then sudo=(sudo -n); else
  echo "${missing[*]} missing and not root: run apt-get install -y ${missing[*]} as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# policy-rc.d stops Debian from starting the services it installs: the suites run their own copies
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d > /dev/null
  "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
  trap '"${sudo[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
