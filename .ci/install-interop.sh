#!/usr/bin/env bash
# Installs the real FTP clients and servers used by tests/interop (see tests/interop/RECIPES.md).
# Debian 12 (bookworm), run as root. Idempotent: safe to run again; re-runs skip apt when all is there
# (set INTEROP_FORCE=1 to redo everything).
#
# Result:
#   clients : /usr/bin/ftp-ssl  /usr/bin/tnftp (also /usr/bin/ftp)  /usr/bin/lftp  /usr/bin/curl  /usr/bin/wget
#   servers : /usr/sbin/proftpd (apt, proftpd-basic)
#             /opt/ftp-servers/vsftpd/usr/sbin/vsftpd        (apt-get download + dpkg-deb -x)
#             /opt/ftp-servers/pure-ftpd/usr/sbin/pure-ftpd  (apt-get download + dpkg-deb -x)
#             /opt/ftp-servers/pure-ftpd/usr/bin/pure-pw
#             /usr/bin/python3 -m pyftpdlib                  (apt, python3-pyftpdlib; NOT the pyenv python3 on PATH)
#             /opt/ftp-servers/bin/{vsftpd,pure-ftpd,pure-pw,proftpd} : symlinks to the above
#   system  : user ftptest / password ftptest123 (home /home/ftptest, shell /bin/sh) for vsftpd local login,
#             /etc/pam.d/vsftpd, system users ftp + nobody, /dev/log placeholder (for pure-ftpd logging, see RECIPES.md)
# No FTP server is left running and none is enabled at boot.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "install-interop.sh: must run as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
OPT=/opt/ftp-servers

# apt must not start any service (proftpd's postinst would start a daemon on :21 otherwise).
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d

APT_PKGS=(
  # clients
  ftp-ssl tnftp lftp curl wget
  # servers installed normally (only one of vsftpd / proftpd / pure-ftpd can be: they conflict on ftp-server)
  python3-pyftpdlib proftpd-basic
  # shared libraries needed by the unpacked vsftpd and pure-ftpd binaries, and tools used by the recipes
  libwrap0 libpam0g libpam-modules libpam-runtime libssl3 libcap2 libsodium23 libcrypt1 libnsl2
  openssl passwd util-linux procps iproute2
)

all_present() {
  local p
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || return 1
  done
  [ -x "$OPT/vsftpd/usr/sbin/vsftpd" ] && [ -x "$OPT/pure-ftpd/usr/sbin/pure-ftpd" ] \
    && [ -x "$OPT/pure-ftpd/usr/bin/pure-pw" ] && [ -f "$OPT/vsftpd/etc/pam.d/vsftpd" ]
}

if [ "${INTEROP_FORCE:-0}" = 1 ] || ! all_present; then
  apt-get update
  # --no-upgrade: do not touch packages that are already installed (e.g. libssl3) beyond what deps require
  apt-get install -y --no-install-recommends --no-upgrade "${APT_PKGS[@]}"

  # The two conflicting servers: download the .deb and unpack it (no maintainer scripts run).
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  chown _apt:root "$tmp" 2>/dev/null || true   # lets apt download unsandboxed-warning-free
  (
    cd "$tmp"
    apt-get download vsftpd pure-ftpd
    rm -rf "$OPT/vsftpd" "$OPT/pure-ftpd"
    mkdir -p "$OPT/vsftpd" "$OPT/pure-ftpd"
    dpkg-deb -x vsftpd_*.deb "$OPT/vsftpd"
    dpkg-deb -x pure-ftpd_*.deb "$OPT/pure-ftpd"
  )
  rm -rf "$tmp"
fi

# Every shared library of the unpacked binaries must resolve.
for b in "$OPT/vsftpd/usr/sbin/vsftpd" "$OPT/pure-ftpd/usr/sbin/pure-ftpd" "$OPT/pure-ftpd/usr/bin/pure-pw"; do
  if ldd "$b" | grep -q 'not found'; then
    echo "install-interop.sh: missing shared libraries for $b:" >&2
    ldd "$b" | grep 'not found' >&2
    exit 1
  fi
done

mkdir -p "$OPT/bin"
ln -sfn "$OPT/vsftpd/usr/sbin/vsftpd" "$OPT/bin/vsftpd"
ln -sfn "$OPT/pure-ftpd/usr/sbin/pure-ftpd" "$OPT/bin/pure-ftpd"
ln -sfn "$OPT/pure-ftpd/usr/bin/pure-pw" "$OPT/bin/pure-pw"
ln -sfn /usr/sbin/proftpd "$OPT/bin/proftpd"

# ftp-ssl must be callable by that name (tnftp takes over /usr/bin/ftp through alternatives).
if [ ! -x /usr/bin/ftp-ssl ]; then
  echo "install-interop.sh: /usr/bin/ftp-ssl missing" >&2
  exit 1
fi

# proftpd-basic's postinst enables a boot-time service; the tests start their own instances.
rm -f /etc/systemd/system/multi-user.target.wants/proftpd.service
update-rc.d proftpd disable >/dev/null 2>&1 || true
# If something did start the packaged daemon anyway, stop exactly that one (by its pid file).
for pf in /run/proftpd.pid /var/run/proftpd.pid; do
  if [ -s "$pf" ]; then
    pid=$(cat "$pf")
    if [ -r "/proc/$pid/comm" ] && grep -q '^proftpd' "/proc/$pid/comm"; then
      kill "$pid" || true
    fi
  fi
done

# System users. vsftpd local login needs a real account (PAM); proftpd/pure-ftpd virtual users map to nobody.
getent group nogroup >/dev/null || groupadd -r nogroup
getent passwd nobody >/dev/null || useradd -r -u 65534 -g nogroup -d /nonexistent -s /usr/sbin/nologin nobody
getent passwd ftp >/dev/null || useradd -r -g nogroup -d /srv/ftp -s /usr/sbin/nologin ftp
if ! getent passwd ftptest >/dev/null; then
  useradd -m -d /home/ftptest -s /bin/sh ftptest
fi
mkdir -p /home/ftptest
chown ftptest: /home/ftptest
echo 'ftptest:ftptest123' | chpasswd
# vsftpd's PAM service (pam_service_name=vsftpd); comes from the unpacked .deb.
if [ ! -f /etc/pam.d/vsftpd ]; then
  install -m 644 "$OPT/vsftpd/etc/pam.d/vsftpd" /etc/pam.d/vsftpd
fi

# pure-ftpd logs only through syslog(/dev/log). The recipe bind-mounts a per-test socket over /dev/log in a
# private mount namespace, which needs an existing mount point. /dev is a devtmpfs: redone on every boot,
# so the test harness must repeat this check too.
[ -e /dev/log ] || touch /dev/log

echo "install-interop.sh: versions:"
{
  "$OPT/vsftpd/usr/sbin/vsftpd" -v 0>&1 || true
  "$OPT/pure-ftpd/usr/sbin/pure-ftpd" --help 2>&1 | head -n 1 || true
  proftpd -v 2>&1 || true
  printf 'pyftpdlib '; /usr/bin/python3 -c 'import pyftpdlib; print(pyftpdlib.__ver__)'
  dpkg-query -W -f='${Package} ${Version}\n' ftp-ssl tnftp lftp curl wget python3-pyftpdlib proftpd-basic
} | sed 's/^/  /'
