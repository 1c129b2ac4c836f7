#!/bin/sh
# Print the newest Python >= 3.12 on this machine (PATH first, then pyenv's versions).
best=""; best_ver=0
for cand in python3.14 python3.13 python3.12 python3 "$HOME"/.pyenv/versions/3.*/bin/python3; do
    path=$(command -v "$cand" 2>/dev/null) || continue
    ver=$("$path" -c 'import sys; print(sys.version_info[0] * 100 + sys.version_info[1])' 2>/dev/null) || continue
    if [ "$ver" -ge 312 ] && [ "$ver" -gt "$best_ver" ]; then best="$path"; best_ver="$ver"; fi
done
[ -n "$best" ] || { echo "no Python >= 3.12 found" >&2; exit 1; }
echo "$best"
