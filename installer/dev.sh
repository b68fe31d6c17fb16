#!/usr/bin/env bash
# Set up VillageDesk from a fresh checkout and run it or its tests.
#   installer/dev.sh demo    the window on the embedded demo data (风平村)
#   installer/dev.sh test    the whole test suite, Qt offscreen
#   installer/dev.sh bench [foundation|certificates|signs]   the benchmarks, figures as JSON
#   installer/dev.sh setup   only install
#   installer/dev.sh bundle  the one-folder PyInstaller build in dist/VillageDesk (installer/build_bundle.py)
# On Debian/Ubuntu it installs the Qt runtime libraries and python3-venv with apt when they
# are missing (as root, or through sudo). Python packages come from requirements.lock,
# pinned with hashes, into .venv beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"

# Qt 6 (PySide6-Essentials) needs these shared libraries on a bare Debian; xcb ones for a
# real window, the rest for offscreen too. fontconfig lets Qt find fonts at all.
APT_PACKAGES="python3-venv python3-pip libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xfixes0 libxcb-xkb1
  binutils"
# binutils: PyInstaller reads and strips the libraries with objdump/strip (tests/bundle/test_bundle.py)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "需要安装系统软件包（请以 root 运行）：${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "安装系统软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  local py=${PYTHON:-python3}
  if [ ! -x "$VENV/bin/python" ]; then
    "$py" -m venv "$VENV"
  fi
  local stamp="$VENV/.lock-installed"
  if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
    cp requirements.lock "$stamp"
  fi
}

cmd=${1:-demo}
shift || true
case "$cmd" in
  setup) install_system_packages; install_python_packages ;;
  demo) install_system_packages; install_python_packages; exec "$VENV/bin/villagedesk" --demo "$@" ;;
  test)
    install_system_packages; install_python_packages
    export QT_QPA_PLATFORM=offscreen
    exec "$VENV/bin/python" -m pytest "$@" ;;
  bundle)
    install_system_packages; install_python_packages
    exec "$VENV/bin/python" installer/build_bundle.py "$@" ;;
  bench)
    install_system_packages; install_python_packages
    export QT_QPA_PLATFORM=offscreen
    which=${1:-foundation}; shift || true
    case "$which" in
      foundation) exec "$VENV/bin/python" tests/bench/run.py "$@" ;;
      certificates)
        # the side-by-side figure converts .docx with LibreOffice, as offices do today
        command -v soffice >/dev/null 2>&1 || { APT_PACKAGES="libreoffice-writer-nogui" install_system_packages; }
        exec "$VENV/bin/python" tests/bench/bench_certificates.py "$@" ;;
      signs) exec "$VENV/bin/python" tests/bench/bench_signs.py "$@" ;;
      *) echo "用法：installer/dev.sh bench [foundation|certificates|signs]" >&2; exit 2 ;;
    esac ;;
  *) echo "用法：installer/dev.sh [demo|test|bench|bundle|setup]" >&2; exit 2 ;;
esac
