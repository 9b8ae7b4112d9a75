#!/usr/bin/env bash
# Installs, idempotently, everything SwarmHost needs on a fresh Debian 12 machine.
# Runs apt-get (update first) only when a package is missing; a warm machine costs one dpkg-query.
# Usage: scripts/bootstrap.sh [--quiet]
set -euo pipefail

# System packages the project needs, and why.
APT_PACKAGES=(
  ca-certificates   # HTTPS to the NuGet registry during restore
  libavutil57       # FFmpeg 5.1 shared libraries, called in-process (sdk/SwarmHost.Media)
  libavcodec59
  libavformat59
  libswscale6
  libavfilter8      # audio conversion and resampling for the output
  libavdevice59     # lavfi test sources (lavfi:testsrc2=...) as inputs
  libgtk-3-0        # OpenCV's native library (content analysis) links against GTK 3
  ffmpeg            # the CLI: reference for the benchmark and the tests (ffprobe, psnr/ssim filters)
  chrony            # the NTP server the ntp clock is tested against (started by the tests, in a network namespace)
  linuxptp          # ptp4l/pmc: the PTP grandmaster and cross-check slave the ptp clock is tested against
  iproute2          # ip netns / veth: the tests' private networks
  iputils-ping      # ping: the lab test checks its namespaces reach each other
  nftables          # nft: the cluster lab drops a share of the relay's packets at random inside a namespace (numgen random)
  curl              # the cluster lab reads a coordinator's metrics from inside its network namespace
  openssl           # fetch-clips.sh checks the npm tarballs of the clips against the registry's sha512
  libfaketime       # a known client clock offset for the NTP test (applied to a child process only)
  fontconfig        # the report's plots (ScottPlot through SkiaSharp) find their fonts through fontconfig
  fonts-dejavu-core # ...and draw their text with these
  chromium          # the report is tested in a real browser: headless Chromium opens it and takes a screenshot
  chromium-driver   # /usr/bin/chromedriver, which the browser test drives Chromium through (WebDriver)
)

quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "bootstrap: $*" >&2; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # never let a package start its daemon (chrony would start steering this machine's clock): the tests start their own
  guard=/usr/sbin/policy-rc.d
  restore=""
  [ -e "$guard" ] && restore=$(mktemp) && cp -p "$guard" "$restore"
  printf '#!/bin/sh\nexit 101\n' > "$guard" && chmod +x "$guard"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$restore" ]; then mv "$restore" "$guard"; else rm -f "$guard"; fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "bootstrap: the .NET SDK (10.0) is not installed; install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run this again" >&2
  exit 1
fi
if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  echo "bootstrap: SwarmHost needs the .NET 10 SDK; found: $(dotnet --list-sdks | tr '\n' ' ')" >&2
  exit 1
fi
say "ok"
