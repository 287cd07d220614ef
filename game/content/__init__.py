"""Content packs: TOML files parsed into checked models."""
