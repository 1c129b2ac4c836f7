#!/bin/sh
# Best effort: install Debian's Chromium and its driver for the browser tests (they skip without them).
command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 || true
