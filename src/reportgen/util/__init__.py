"""What every layer may use: atomic writes, the private user cache, reading only
regular files."""
