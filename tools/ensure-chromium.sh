#!/bin/sh
# Install Debian's Chromium and ChromeDriver for the admin's browser test when they are missing.
# Best effort and quiet: without root or apt-get the test skips ("Chromium is not installed").
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    exit 0
fi
echo "Installing chromium and chromium-driver for the browser test..."
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver; } \
    >/tmp/ensure-chromium.log 2>&1 || echo "Could not install Chromium (see /tmp/ensure-chromium.log); the browser test will skip."
exit 0
