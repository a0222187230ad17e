"""One module per scenario; each ``run(sizes, workdir)`` returns its figures."""
