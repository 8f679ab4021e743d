# Sourced by the other scripts: find Python >= 3.12, create .venv, install the project.
# Installing is skipped when pyproject.toml has not changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$candidate"
            return
        fi
    done
    # pyenv keeps versions that are installed but not selected out of PATH.
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return
        fi
    done
    echo "Reframe needs Python 3.12 or newer; set PYTHON=/path/to/python3.12" >&2
    exit 1
}

if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
    # This machine's pip configuration names local mirrors that may be absent; hide that noise.
    # Build back ends' deprecation notices are for this project's maintainers, not for a
    # person starting the demo: they are not shown.
    pip_install() {
        PYTHONWARNINGS=ignore .venv/bin/python -m pip install --quiet "$@" \
            2> >(grep -v "Location 'file" >&2)
    }
    pip_install --upgrade pip
    pip_install -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi
