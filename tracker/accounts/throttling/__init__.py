"""Log-in throttling: token buckets in the database, shared by every web process."""
