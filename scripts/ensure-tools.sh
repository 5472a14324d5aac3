#!/usr/bin/env bash
# Make sure the non-npm tools the project uses are on this machine.
#
#   bash scripts/ensure-tools.sh [chromium] [spamassassin] [java]   (no args = all three)
#
#   chromium      Debian's chromium at /usr/bin/chromium (Playwright runs it through
#                 executablePath) plus fonts, so that screenshots show text: DejaVu,
#                 Liberation (metric-compatible Arial/Helvetica/Times for email font
#                 stacks) and Noto core (Arabic, Hebrew and other non-Latin scripts).
#   spamassassin  Debian's spamassassin (spam scoring with `spamassassin -L -t`); the
#                 package ships its rules under /usr/share/spamassassin, so no sa-update.
#   java          a Java runtime for the Nu HTML Checker (vnu-jar): default-jre-headless.
#
# As root, a missing tool is installed with apt-get (apt-get update at most once, and only
# when an install is needed) and then checked by running it; one line is printed per tool
# installed. Not root: one line per missing tool saying how to install it, then exit 1.
# When everything is present it prints nothing and exits 0 in a few milliseconds.
set -euo pipefail

readonly FONT_PACKAGES=(fonts-dejavu-core fonts-liberation2 fonts-noto-core)

say() { printf 'ensure-tools: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

# Debian packages that provide a tool.
packages_for() {
  case "$1" in
    chromium) echo chromium "${FONT_PACKAGES[@]}" ;;
    spamassassin) echo spamassassin ;;
    java) echo default-jre-headless ;;
  esac
}

# Installed, i.e. dpkg knows the package as "install ok installed".
pkgs_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}\n' "$@" 2>/dev/null) || return 1
  [ "$(grep -c '^install ok installed$' <<<"$status")" -eq "$#" ]
}

# Cheap presence check, no process started besides dpkg-query for the fonts.
present() {
  case "$1" in
    chromium) [ -x /usr/bin/chromium ] && pkgs_installed "${FONT_PACKAGES[@]}" ;;
    spamassassin) command -v spamassassin >/dev/null 2>&1 ;;
    java) command -v java >/dev/null 2>&1 ;;
  esac
}

# Run the tool; prints its version line on success. (Debian's /usr/bin/chromium wrapper may
# print shell noise from /etc/chromium.d before the version, hence the grep.)
verify() {
  local out pattern
  case "$1" in
    chromium) pattern='^Chromium '; out=$(/usr/bin/chromium --version 2>&1) ;;
    spamassassin) pattern='^SpamAssassin version'; out=$(spamassassin --version 2>&1) ;;
    java) pattern='version'; out=$(java -version 2>&1) ;;
  esac || { printf '%s\n' "$out" >&2; return 1; }
  grep -m 1 -e "$pattern" <<<"$out" || { printf '%s\n' "$out" >&2; return 1; }
}

# ---- arguments ------------------------------------------------------------------------
tools=()
if [ "$#" -eq 0 ]; then
  tools=(chromium spamassassin java)
else
  for arg in "$@"; do
    case "$arg" in
      chromium | spamassassin | java) tools+=("$arg") ;;
      -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) die "unknown tool '$arg' (expected: chromium, spamassassin, java)" ;;
    esac
  done
fi

missing=()
for tool in "${tools[@]}"; do
  present "$tool" || missing+=("$tool")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

# ---- not root: say how, fail ----------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
  for tool in "${missing[@]}"; do
    say "$tool is missing; install it with: sudo apt-get install -y --no-install-recommends $(packages_for "$tool")"
  done
  exit 1
fi

# ---- root: install with apt-get -------------------------------------------------------
command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: ${missing[*]}"

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
log=$(mktemp "${TMPDIR:-/tmp}/ensure-tools.XXXXXX.log")
trap 'rm -f "$log"' EXIT

pkgs=()
for tool in "${missing[@]}"; do
  read -r -a p <<<"$(packages_for "$tool")"
  pkgs+=("${p[@]}")
done

updated=0
apt_update() {
  [ "$updated" -eq 1 ] && return 0
  updated=1
  apt-get "${apt_opts[@]}" update >>"$log" 2>&1 || {
    tail -n 20 "$log" >&2
    die "apt-get update failed"
  }
}

# Refresh the package lists only when they can't serve this install: the list of some
# configured suite is missing (a new machine may carry lists of the main suite alone, without
# bookworm-security and bookworm-updates), or some package has no candidate version. If the
# install still fails (old lists may name files the mirror no longer holds), it is retried
# once after an update.
lists_stale() {
  local f n
  # shellcheck disable=SC2016 # apt's format field, not a shell expansion
  local format='$(FILENAME)'
  while read -r f; do
    compgen -G "${f}*" >/dev/null || return 0
  done < <(apt-get indextargets --no-release-info --format "$format" \
    'Created-By: Packages' "Architecture: $(dpkg --print-architecture)" 2>/dev/null)
  n=$(apt-cache policy "${pkgs[@]}" 2>/dev/null | grep -c '^  Candidate: [^(]') || true
  [ "$n" -ne "${#pkgs[@]}" ]
}
if lists_stale; then apt_update; fi

apt_install() {
  apt-get "${apt_opts[@]}" install -y --no-install-recommends "${pkgs[@]}" >>"$log" 2>&1
}
if ! apt_install; then
  # One retry with fresh lists, unless they were just refreshed.
  if [ "$updated" -eq 0 ]; then
    apt_update
    apt_install || { tail -n 30 "$log" >&2; die "apt-get install failed: ${pkgs[*]}"; }
  else
    tail -n 30 "$log" >&2
    die "apt-get install failed: ${pkgs[*]}"
  fi
fi

status=0
for tool in "${missing[@]}"; do
  if version=$(verify "$tool"); then
    say "installed $tool: $version"
  else
    say "$tool was installed but does not run (see above)" >&2
    status=1
  fi
done
exit "$status"
