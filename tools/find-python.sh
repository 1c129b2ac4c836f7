#!/bin/sh
# Print the newest Python >= 3.13 on this machine (PATH first, then pyenv's versions). The library supports
# 3.12, but the embedded MongoDB server (mongoeco), and so `make run` and `make test`, need 3.13.
best=""; best_ver=0
versions="${PYENV_ROOT:-$HOME/.pyenv}/versions"
for cand in python3.15 python3.14 python3.13 python3 "$versions"/3.*/bin/python3; do
    path=$(command -v "$cand" 2>/dev/null) || continue
    ver=$("$path" -c 'import sys; print(sys.version_info[0] * 100 + sys.version_info[1])' 2>/dev/null) || continue
    if [ "$ver" -ge 313 ] && [ "$ver" -gt "$best_ver" ]; then best="$path"; best_ver="$ver"; fi
done
if [ -z "$best" ]; then
    echo "error: no Python >= 3.13 found (looked for python3.13, python3.14 and python3 on PATH and in $versions)." >&2
    echo "The embedded MongoDB server that make run and make test start (mongoeco) needs Python >= 3.13." >&2
    echo "Install one, e.g. 'pyenv install 3.13', 'apt install python3.13 python3.13-venv' where your system" >&2
    echo "has it, or https://www.python.org/downloads/; then run make install again." >&2
    exit 1
fi
echo "$best"
