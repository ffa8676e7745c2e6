"""Per-project truth from the API: identity, prober, classification and the disk store."""
