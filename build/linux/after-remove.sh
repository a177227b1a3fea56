#!/bin/bash
# Modem Bench .deb post-remove: electron-builder's default steps, then the udev
# rule the post-install put in place (only if it is still ours, unmodified).

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# --- Modem Bench: the command line -------------------------------------------
if [ -L /usr/bin/modem-bench-cli ] && [ "$(readlink /usr/bin/modem-bench-cli)" = '/opt/${sanitizedProductName}/modem-bench-cli' ]; then
    rm -f /usr/bin/modem-bench-cli
fi

# --- Modem Bench: udev rule -------------------------------------------------
RULE_TARGET='/etc/udev/rules.d/99-modem-bench.rules'
if [ -f "$RULE_TARGET" ] && grep -q '^# Modem Bench: Quectel modems' "$RULE_TARGET"; then
    rm -f "$RULE_TARGET"
    if hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
    fi
fi

# --- Modem Bench: the optional systemd service ------------------------------
UNIT_TARGET='/lib/systemd/system/modem-bench.service'
if [ -f "$UNIT_TARGET" ] && grep -q '^# Modem Bench headless server' "$UNIT_TARGET"; then
    if [ -d /run/systemd/system ] && hash systemctl 2>/dev/null; then
        systemctl disable --now modem-bench.service >/dev/null 2>&1 || true
    fi
    rm -f "$UNIT_TARGET"
    if [ -d /run/systemd/system ] && hash systemctl 2>/dev/null; then
        systemctl daemon-reload || true
    fi
fi
