"""Demo and synthetic data: ``load_demo`` (the hand-written catalogue in fixtures/) and
``seed_demo`` (deterministic synthetic data at scale, for benchmarks)."""
