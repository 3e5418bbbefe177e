"""The five shared registries: who keeps them, checks, services, Excel/CSV files."""
