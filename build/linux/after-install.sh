#!/bin/bash
# Modem Bench .deb post-install: electron-builder's default steps (command link,
# chrome-sandbox, desktop/mime databases, AppArmor profile), then the udev rule
# that gives dialout access to Quectel ports and keeps ModemManager away.
# ${executable} and ${sanitizedProductName} are filled in by electron-builder.

if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  fi
fi

# --- Modem Bench: udev rule -------------------------------------------------
RULE_SOURCE='/opt/${sanitizedProductName}/udev/99-modem-bench.rules'
RULE_TARGET='/etc/udev/rules.d/99-modem-bench.rules'
if [ -f "$RULE_SOURCE" ] && [ -d /etc/udev/rules.d ]; then
    cp -f "$RULE_SOURCE" "$RULE_TARGET"
    chmod 0644 "$RULE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
        # "change" re-applies MODE/GROUP/ENV to modems already plugged in without re-probing them.
        udevadm trigger --action=change --subsystem-match=usb --attr-match=idVendor=2c7c || true
        udevadm trigger --action=change --subsystem-match=tty || true
    fi
fi
# --- Modem Bench: the command line (modem-bench-cli serve|list|at|run|runs|soak) ----
CLI_SOURCE='/opt/${sanitizedProductName}/modem-bench-cli'
if [ -f "$CLI_SOURCE" ]; then
    chmod 0755 "$CLI_SOURCE"
    ln -sf "$CLI_SOURCE" /usr/bin/modem-bench-cli
fi
# --- Modem Bench: optional systemd service (installed, never enabled here) ----
UNIT_SOURCE='/opt/${sanitizedProductName}/systemd/modem-bench.service'
if [ -f "$UNIT_SOURCE" ] && [ -d /lib/systemd/system ]; then
    cp -f "$UNIT_SOURCE" /lib/systemd/system/modem-bench.service
    chmod 0644 /lib/systemd/system/modem-bench.service
    if [ -d /run/systemd/system ] && hash systemctl 2>/dev/null; then
        systemctl daemon-reload || true
    fi
    echo "Modem Bench: headless server service installed, not enabled: see /lib/systemd/system/modem-bench.service, then sudo systemctl enable --now modem-bench."
fi
if getent group dialout >/dev/null 2>&1; then
    echo "Modem Bench: add bench users to the dialout group: sudo usermod -aG dialout <user> (then log in again)."
fi
