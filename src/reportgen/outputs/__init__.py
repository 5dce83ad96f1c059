"""The build machinery around the writers: which files (plan), whether they are up
to date (cache, sessioncache), rendering them in workers (render, workers), and what
was built (manifest, progress)."""
