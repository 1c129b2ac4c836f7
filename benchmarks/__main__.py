"""``python -m benchmarks [--quick]``: see benchmarks/README.md."""

from .run import main

if __name__ == "__main__":
    raise SystemExit(main())
